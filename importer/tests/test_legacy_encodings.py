"""Tests for importer.legacy_encodings: VNI-Windows and TCVN3 mojibake detection and repair."""

import shutil
import subprocess
import unicodedata

import pytest

from conftest import require_service
from importer.legacy_encodings import (
    TCVN3,
    VNI,
    LegacyEncodingError,
    convert_legacy,
    detect_legacy_encoding,
    encode_legacy,
    ensure_unicode,
    repair_legacy,
)

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VOWELS = "aăâeêioôơuưy"
LOWER = [
    letter
    for letter in [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    if not letter.isascii()
]
UPPER = [letter.upper() for letter in LOWER]
ALL_LETTERS = LOWER + UPPER
# Capitals TCVN3 (VN3) can write with a code of their own.
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐẮẰẲẴẤẦẨẪẾỀỂỄỐỒỔỖ")

SENTENCES = {
    # Unicode: (VNI as pasted, TCVN3 as pasted)
    "Xin chào các bạn": ("Xin chaøo caùc baïn", "Xin chµo c¸c b¹n"),
    "Chữ thập đỏ": ("Chöõ thaäp ñoû", "Ch÷ thËp ®á"),
    "Hội đồng nhân dân tỉnh Sóc Trăng": (
        "Hoäi ñoàng nhaân daân tænh Soùc Traêng",
        "Héi ®ång nh©n d©n tØnh Sãc Tr¨ng",
    ),
    "Nguyễn Văn Bốn": ("Nguyeãn Vaên Boán", "NguyÔn V¨n Bèn"),
    "Người Việt được ưu tiên": (
        "Ngöôøi Vieät ñöôïc öu tieân",
        "Ng\xadêi ViÖt ®\xadîc \xadu tiªn",
    ),
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": (
        "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM",
        "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM",
    ),
}

PARAGRAPH = (
    "Sáng nay, UBND tỉnh Sóc Trăng tổ chức hội nghị tổng kết công tác năm 2024. "
    "Đồng chí Chủ tịch nhấn mạnh: phải đẩy mạnh chuyển đổi số, nâng cao chất lượng phục vụ "
    "người dân và doanh nghiệp; đồng thời khen thưởng 106 tập thể, cá nhân có thành tích xuất sắc."
)


def test_letter_inventory_is_134():
    assert len(ALL_LETTERS) == len(set(ALL_LETTERS)) == 134


# --- Tables ------------------------------------------------------------------------------------

VNI_SPOT_CHECKS = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "ê": "eâ", "ệ": "eä", "ô": "oâ", "ồ": "oà",
    "ơ": "ô", "ớ": "ôù", "ợ": "ôï", "ư": "ö", "ừ": "öø", "ự": "öï",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ", "Đ": "Ñ", "Ấ": "AÁ", "Ặ": "AË", "Ơ": "Ô", "Ư": "Ö", "Ỉ": "Æ", "Ỵ": "Î",
}  # fmt: skip

TCVN3_SPOT_CHECKS = {
    "á": "¸", "à": "µ", "ả": "¶", "ã": "·", "ạ": "¹",
    "ă": "¨", "ắ": "¾", "ặ": "Æ", "â": "©", "ấ": "Ê", "ậ": "Ë",
    "é": "Ð", "ê": "ª", "ệ": "Ö", "í": "Ý", "ì": "×", "ị": "Þ",
    "ó": "ã", "ò": "ß", "ô": "«", "ộ": "é", "ơ": "¬", "ợ": "î",
    "ú": "ó", "ù": "ï", "ư": "\xad", "ữ": "÷", "ự": "ù", "ý": "ý", "ỵ": "þ", "đ": "®",
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
    "Ắ": "À", "Ầ": "Á", "Ế": "Ú", "Ố": "ÿ", "Ỗ": "ð",
}  # fmt: skip


@pytest.mark.parametrize(("letter", "code"), VNI_SPOT_CHECKS.items())
def test_vni_table_matches_the_standard(letter, code):
    assert encode_legacy(letter, VNI) == code
    assert convert_legacy(code, VNI) == letter


@pytest.mark.parametrize(("letter", "code"), TCVN3_SPOT_CHECKS.items())
def test_tcvn3_table_matches_the_standard(letter, code):
    assert encode_legacy(letter, TCVN3) == code
    # Mid-sentence, so the capital a sentence gets back does not interfere.
    assert convert_legacy("x " + code, TCVN3) == "x " + letter


def test_tcvn3_decoder_agrees_with_glibc():
    """Every byte 0xA1-0xFF except the combining tones 0xB0-0xB4, against TCVN5712-1."""
    require_service(shutil.which("iconv") is not None, "iconv (glibc) as a TCVN3 reference")
    data = bytes(b for b in range(0xA1, 0x100) if not 0xB0 <= b <= 0xB4)
    reference = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=True
    ).stdout.decode()
    mojibake = data.decode("cp1252")
    assert len(reference) == len(mojibake)
    for code, expected in zip(mojibake, reference, strict=True):
        assert convert_legacy("x " + code, TCVN3) == "x " + expected, hex(ord(code))


# --- Round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_round_trips_every_letter(letter):
    encoded = encode_legacy(letter, VNI)
    assert encoded != letter or letter in "íìÍÌ"
    assert all(ord(ch) < 0x100 for ch in encoded)  # representable as cp1252 bytes
    assert convert_legacy(encoded, VNI) == letter


def test_vni_round_trips_all_letters_together():
    text = "".join(ALL_LETTERS) + " " + " ".join(ALL_LETTERS)
    assert convert_legacy(encode_legacy(text, VNI), VNI) == text


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_tcvn3_round_trips_every_letter_it_can_write(letter):
    encoded = encode_legacy(letter, TCVN3)
    assert len(encoded) == 1 and encoded.encode("cp1252")[0] >= 0xA1
    if letter in LOWER or letter in TCVN3_CAPITALS:
        assert convert_legacy("x " + encoded, TCVN3) == "x " + letter
    else:
        # No code of its own: typed with the lowercase code, so mid-sentence it reads lowercase...
        assert convert_legacy("x " + encoded, TCVN3) == "x " + letter.lower()
        # ...but is restored inside a word in capitals and at the start of a sentence.
        word = f"N{letter}M"
        assert convert_legacy(encode_legacy(word, TCVN3), TCVN3) == word
        assert convert_legacy(encoded + "n", TCVN3) == letter + "n"


def test_tcvn3_round_trips_all_lowercase_letters_together():
    text = "x " + "".join(LOWER) + " " + " ".join(LOWER)
    assert convert_legacy(encode_legacy(text, TCVN3), TCVN3) == text


@pytest.mark.parametrize("encoding", [VNI, TCVN3])
def test_paragraph_round_trips(encoding):
    encoded = encode_legacy(PARAGRAPH, encoding)
    encoded.encode("cp1252")  # a real Word paste: every character is a cp1252 byte
    assert detect_legacy_encoding(encoded) == encoding
    assert repair_legacy(encoded) == (PARAGRAPH, encoding)
    assert ensure_unicode(encoded) == PARAGRAPH


def test_encoders_leave_other_characters_alone():
    text = "ABC xyz 123 – “quoted” € ©"
    assert encode_legacy(text, VNI) == text
    assert encode_legacy(text, TCVN3) == text


# --- Literal examples and real sentences -------------------------------------------------------


@pytest.mark.parametrize(("unicode_text", "pasted"), SENTENCES.items())
def test_vni_sentences(unicode_text, pasted):
    vni = pasted[0]
    assert encode_legacy(unicode_text, VNI) == vni
    assert detect_legacy_encoding(vni) == VNI
    assert convert_legacy(vni, VNI) == unicode_text
    assert repair_legacy(vni) == (unicode_text, VNI)
    assert ensure_unicode(vni) == unicode_text


@pytest.mark.parametrize(("unicode_text", "pasted"), SENTENCES.items())
def test_tcvn3_sentences(unicode_text, pasted):
    tcvn3 = pasted[1]
    assert encode_legacy(unicode_text, TCVN3) == tcvn3
    assert detect_legacy_encoding(tcvn3) == TCVN3
    assert convert_legacy(tcvn3, TCVN3) == unicode_text
    assert repair_legacy(tcvn3) == (unicode_text, TCVN3)
    assert ensure_unicode(tcvn3) == unicode_text


def test_brief_examples():
    assert repair_legacy("Xin chaøo caùc baïn") == ("Xin chào các bạn", VNI)
    assert repair_legacy("Xin chµo c¸c b¹n") == ("Xin chào các bạn", TCVN3)


def test_decomposed_mojibake_is_still_recognised():
    vni = unicodedata.normalize("NFD", "Xin chaøo caùc baïn, Vieät Nam")
    assert repair_legacy(vni) == ("Xin chào các bạn, Việt Nam", VNI)


def test_short_legacy_titles():
    assert repair_legacy("Hoäi ñoàng") == ("Hội đồng", VNI)
    assert repair_legacy("Ñaûng boä") == ("Đảng bộ", VNI)
    assert repair_legacy("Tin ñòa phöông") == ("Tin địa phương", VNI)
    assert repair_legacy("Vieät Nam") == ("Việt Nam", VNI)
    # The same "eä" (VNI ệ) in German does not decode into Vietnamese syllables.
    assert detect_legacy_encoding("Passwort geändert") is None
    assert repair_legacy("Vieät Nam ñeïp") == ("Việt Nam đẹp", VNI)
    assert repair_legacy("ViÖt Nam") == ("Việt Nam", TCVN3)
    assert repair_legacy("Hµ Néi") == ("Hà Nội", TCVN3)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("Hµ Néi", "Hà Nội"),  # title case: one capital is not evidence
        ("Hµ NéI", "HÀ NỘI"),  # NỘI is in capitals, so HÀ is too
        ("TP Hµ TÜnh", "TP Hà Tĩnh"),  # an ASCII acronym says nothing about its neighbour
        ("UBND TØNH", "UBND TỈNH"),
        ("Lª V¨n Hïng", "Lê Văn Hùng"),
        ("§µ N½NG", "ĐÀ NẴNG"),
        ("Trung t©m Y tÕ", "Trung tâm Y tế"),
        # A sentence cannot start lowercase; .VnTime simply had no code for its capital.
        ("ñy ban nh©n d©n", "Ủy ban nhân dân"),
        ("Sè 5. ë ®ã cã g×? ¢m thanh.\nër", "Số 5. Ở đó có gì? Âm thanh.\nỞr"),
        ("“ë ®©y” lµ", "“Ở đây” là"),
        ("v¨n b¶n ë ®©y, ë ®ã: ë", "văn bản ở đây, ở đó: ở"),
    ],
)
def test_tcvn3_capitals_are_restored_from_context(pasted, expected):
    assert convert_legacy(pasted, TCVN3) == expected


def test_tcvn3_cannot_write_a_toned_capital_mid_sentence():
    """Known loss: "Ủy" has no code; typists wrote old-style "Uỷ" (ASCII U) to keep it."""
    assert encode_legacy("Sáng nay, Ủy ban", TCVN3) == "S¸ng nay, ñy ban"
    assert convert_legacy("S¸ng nay, ñy ban", TCVN3) == "Sáng nay, ủy ban"
    assert convert_legacy(encode_legacy("Sáng nay, Uỷ ban", TCVN3), TCVN3) == "Sáng nay, Uỷ ban"


def test_tcvn3_keeps_ordinary_symbols():
    assert convert_legacy("NhiÖt ®é 30°C, diÖn tÝch 100 m²", TCVN3) == (
        "Nhiệt độ 30°C, diện tích 100 m²"
    )


def test_convert_accepts_aliases_and_rejects_unknown_encodings():
    assert convert_legacy("Vieät", "VNI") == "Việt"
    assert convert_legacy("ViÖt", "ABC") == "Việt"
    with pytest.raises(ValueError, match="Unknown legacy encoding"):
        convert_legacy("abc", "viscii")


def test_vni_text_is_not_taken_for_tcvn3_and_back():
    for vni, tcvn3 in SENTENCES.values():
        assert detect_legacy_encoding(vni) != TCVN3
        assert detect_legacy_encoding(tcvn3) != VNI


# --- Texts that must not be flagged ------------------------------------------------------------

CLEAN_TEXTS = [
    "",
    "Hello world",
    "The quick brown fox jumps over the lazy dog.",
    PARAGRAPH,
    " ".join(ALL_LETTERS),
    "Xin chào các bạn",
    "Hoà bình, thuý, toán học, hoàng hôn, khoảng cách, quần áo, Đắk Lắk, hoãn, quý",
    unicodedata.normalize("NFD", PARAGRAPH),
    "© 2024 Đài Phát thanh và Truyền hình Sóc Trăng®. Nhiệt độ 30°C. «Tin nóng»",
    "© 2024 Acme® Corp. All rights reserved. 25°C «quoted» text.",
    "Contact: news@example.vn · 0299 3821 234 · §3 ¶2",
    "Où est la gare? Noël à Paris, naïve café au lait.",
    "Müller ißt Äpfel in Köln und Straße.",
    "Søren Kierkegaard and Bjørn Borg",
    "10 µg, 5 µm, Nº 5, 1ª edición",
    "Diện tích 100 m², thể tích 3 m³, giá 1.234.567 đồng",
    "naïve",
    "Raphaël et Loïc",
    "Passwort erfolgreich geändert.",
    "Docutils is niet geïnstalleerd",
    "Restricció de visualització de col·lecció",
    "¿Estás seguro? ¡Hola!",
    "España, año, niño, señor Muñoz",
    "Crème brûlée, garçon, dîner, maître, così, più",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_clean_text_is_not_flagged(text):
    assert detect_legacy_encoding(text) is None
    assert repair_legacy(text) == (text, None)
    assert ensure_unicode(text) == unicodedata.normalize("NFC", text)


# --- ensure_unicode errors ---------------------------------------------------------------------


def test_vni_leftovers_raise_with_the_suspected_encoding():
    pasted = "Xin chaøo caùc baïn, nhöng iø thì sao"  # "iø": ø has no base it can mark
    assert detect_legacy_encoding(pasted) == VNI
    with pytest.raises(LegacyEncodingError) as caught:
        ensure_unicode(pasted)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.encoding == VNI and error.leftovers == ("ø",) and not error.mixed
    assert "VNI-Windows" in str(error) and "'ø'" in str(error)


def test_tcvn3_leftovers_raise_with_the_suspected_encoding():
    pasted = "ƒo dµi ViÖt Nam ®Ñp"  # 0x83, a VN1-only capital, is not decodable in VN3
    assert detect_legacy_encoding(pasted) == TCVN3
    with pytest.raises(LegacyEncodingError) as caught:
        ensure_unicode(pasted)
    assert caught.value.encoding == TCVN3 and caught.value.leftovers == ("ƒ",)
    assert "TCVN3" in str(caught.value)


def test_mixed_unicode_and_legacy_is_refused_not_mangled():
    pasted = "Hội đồng nhân dân tỉnh họp. Xin chaøo caùc baïn, Vieät Nam ñeïp laém"
    assert detect_legacy_encoding(pasted) is None
    assert repair_legacy(pasted) == (pasted, None)
    with pytest.raises(LegacyEncodingError) as caught:
        ensure_unicode(pasted)
    assert caught.value.encoding == VNI and caught.value.mixed
    assert "mixes Unicode" in str(caught.value)


def test_foreign_text_with_many_weak_hits_is_not_called_mixed():
    danish = "Denne værdi skal være større end eller lig grænsen, og den må være påkrævet. " * 5
    assert detect_legacy_encoding(danish) is None
    assert ensure_unicode(danish) == danish


def test_error_messages_are_free_of_vietnamese():
    vietnamese = set(ALL_LETTERS)
    for error in (
        LegacyEncodingError(VNI, ["ø", "û"]),
        LegacyEncodingError(TCVN3, ["ƒ"]),
        LegacyEncodingError(TCVN3, mixed=True),
    ):
        assert not vietnamese & set(str(error))
