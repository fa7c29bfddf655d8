"""Reading Meta's webhook notifications: what goes to Rasa, what the channel answers itself."""
from __future__ import annotations

from typing import Any, Dict, List

from bot.channels.whatsapp_inbound import Incoming, RecentIds, parse_notification

NUMBER_ID = "106540352242922"
WA_ID = "33612345678"


def notification(*messages: Dict[str, Any], phone_number_id: str = NUMBER_ID,
                 statuses: List[Dict[str, Any]] = ()) -> Dict[str, Any]:
    value: Dict[str, Any] = {"messaging_product": "whatsapp",
                             "metadata": {"display_phone_number": "33100000000",
                                          "phone_number_id": phone_number_id},
                             "contacts": [{"profile": {"name": "Awa"}, "wa_id": WA_ID}]}
    if messages:
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}


def message(kind: str, content: Dict[str, Any], message_id: str = "wamid.1") -> Dict[str, Any]:
    return {"from": WA_ID, "id": message_id, "timestamp": "1760000000", "type": kind, kind: content}


def parse(*messages: Dict[str, Any]) -> List[Incoming]:
    return parse_notification(notification(*messages), NUMBER_ID)


def test_text_message_goes_to_rasa_as_typed() -> None:
    assert parse(message("text", {"body": "  bjr jai 19 ans  "})) == [
        Incoming(WA_ID, "wamid.1", text="bjr jai 19 ans")]


def test_button_and_list_replies_send_their_id_which_is_the_payload() -> None:
    button = message("interactive", {"type": "button_reply", "button_reply": {
        "id": '/informer{"besoin": "emploi"}', "title": "Un emploi"}}, "wamid.b")
    row = message("interactive", {"type": "list_reply", "list_reply": {
        "id": "/recommencer", "title": "Recommencer", "description": "x"}}, "wamid.l")
    assert [m.text for m in parse(button, row)] == ['/informer{"besoin": "emploi"}', "/recommencer"]


def test_template_quick_reply_sends_its_payload() -> None:
    assert parse(message("button", {"payload": "/saluer", "text": "Bonjour"}))[0].text == "/saluer"


def test_shared_location_becomes_the_contract_informer_message() -> None:
    shared = message("location", {"latitude": 48.9123, "longitude": 2.3801, "name": "Chez moi"})
    assert parse(shared)[0].text == '/informer{"latitude": 48.9123, "longitude": 2.3801}'


def test_location_without_usable_coordinates_is_not_sent_to_rasa() -> None:
    for bad in ({"latitude": "nord", "longitude": 2.38}, {"latitude": 123.0, "longitude": 2.38}, {}):
        [incoming] = parse(message("location", bad))
        assert incoming.text is None and incoming.unreadable == "location"


def test_voice_photo_sticker_video_document_are_answered_by_the_channel() -> None:
    kinds = ["audio", "image", "sticker", "video", "document"]
    incoming = parse(*(message(k, {"id": "media-id", "mime_type": "x"}, f"wamid.{k}") for k in kinds))
    assert [(m.text, m.unreadable) for m in incoming] == [(None, k) for k in kinds]


def test_statuses_and_reactions_are_ignored() -> None:
    status = {"id": "wamid.out", "status": "read", "timestamp": "1", "recipient_id": WA_ID}
    reaction = message("reaction", {"message_id": "wamid.out", "emoji": "👍"})
    assert parse_notification(notification(statuses=[status]), NUMBER_ID) == []
    assert parse(reaction) == []


def test_empty_text_gives_nothing() -> None:
    assert parse(message("text", {"body": "   "})) == []


def test_messages_for_another_business_number_are_left_out() -> None:
    other = notification(message("text", {"body": "bonjour"}), phone_number_id="999")
    assert parse_notification(other, NUMBER_ID) == []


def test_several_messages_keep_their_order() -> None:
    first, second = message("text", {"body": "un"}, "wamid.a"), message("text", {"body": "deux"}, "wamid.b")
    assert [m.text for m in parse(first, second)] == ["un", "deux"]


def test_malformed_notifications_give_nothing_instead_of_failing() -> None:
    for payload in (None, [], "texte", {"entry": "x"}, {"entry": [{"changes": [{"field": "messages",
                                                                                 "value": None}]}]},
                    {"entry": [{"changes": [{"field": "messages", "value": {
                        "metadata": {"phone_number_id": NUMBER_ID}, "messages": [{"type": "text"}]}}]}]}):
        assert parse_notification(payload, NUMBER_ID) == []


def test_recent_ids_spot_redeliveries_within_their_memory() -> None:
    recent = RecentIds(size=2)
    assert recent.first_time("a") and recent.first_time("b")
    assert not recent.first_time("a")
    assert recent.first_time("c")  # "a" is now the oldest of three: forgotten
    assert recent.first_time("a")
