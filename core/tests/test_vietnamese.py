"""Tests for core.vietnamese: pure functions, no database."""

import unicodedata

import pytest

from core.vietnamese import (
    fold,
    format_number_vi,
    nfc,
    normalize_tone_placement,
    slugify_vi,
    tokenize,
    truncate_words,
)

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VOWELS = "aăâeêioôơuưy"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def all_letters() -> list[str]:
    """The 134 non-ASCII Vietnamese letters, lower and upper case."""
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    lower = [letter for letter in lower if not letter.isascii()]
    return lower + [letter.upper() for letter in lower]


def test_all_letters_helper_is_complete():
    letters = all_letters()
    assert len(letters) == len(set(letters)) == 134


# --- nfc ---------------------------------------------------------------------------------------


def test_nfc_composes_decomposed_text():
    assert nfc(nfd("Nguyễn Thị Hồng")) == "Nguyễn Thị Hồng"
    assert len(nfc(nfd("ệ"))) == 1


def test_nfc_leaves_composed_and_ascii_text_alone():
    assert nfc("Sóc Trăng") == "Sóc Trăng"
    assert nfc("plain ascii") == "plain ascii"


# --- normalize_tone_placement ------------------------------------------------------------------

# Every pair in the rule: mark on the second vowel → mark on the first.
PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
CASES = (str.lower, str.upper, str.title)


@pytest.mark.parametrize("case", CASES, ids=["lower", "upper", "title"])
@pytest.mark.parametrize(("old", "new"), PAIRS.items())
def test_every_pair_moves_its_mark_in_every_case(old, new, case):
    assert normalize_tone_placement(case("h" + old)) == case("h" + new)  # after a consonant
    assert normalize_tone_placement(case(old)) == case(new)  # a word of its own
    assert normalize_tone_placement(case(f"({old}), {old}.")) == case(f"({new}), {new}.")


@pytest.mark.parametrize(("old", "new"), PAIRS.items())
def test_pair_followed_by_a_letter_is_left_alone(old, new):
    for tail in ("n", "ng", "t", "c", "i", "nh", "a"):
        assert normalize_tone_placement("h" + old + tail) == "h" + old + tail


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Hoà bình", "Hòa bình"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("thuý", "thúy"),
        ("Thuỷ", "Thủy"),
        ("THUỶ", "THỦY"),
        ("uỷ ban", "ủy ban"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UỶ BAN", "ỦY BAN"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("xoè", "xòe"),
        ("loè loẹt", "lòe loẹt"),
        ("hoạ sĩ", "họa sĩ"),
        ("toạ đàm", "tọa đàm"),
        ("khóc oà", "khóc òa"),
        ("tuỳ", "tùy"),
        ("thuỵ", "thụy"),
        ("luỹ tre", "lũy tre"),
        ("Nguỵ", "Ngụy"),
        ("suý", "súy"),
        ("hoà-bình", "hòa-bình"),
        ("toà soạn", "tòa soạn"),
        ("Toà án", "Tòa án"),
        ("hoà2", "hòa2"),
    ],
)
def test_old_style_words_are_rewritten(old, new):
    assert normalize_tone_placement(old) == new


@pytest.mark.parametrize(
    "word",
    [
        # The vowel cluster continues or a consonant closes the syllable.
        "hoàng", "Hoàng", "HOÀNG", "khoảng", "hoàn", "toán", "hoạt", "khoèo", "hoài",
        "xoáy", "ngoáy", "thoảng", "loét", "khoét", "huýt", "huỳnh", "Huỳnh", "thuyền",
        "quyết", "khuya", "tuyển", "nguyễn",
        # "qu": the u belongs to the consonant, the syllable has a single vowel.
        "quý", "Quý", "QUÝ", "quỳ", "quỷ", "quỹ", "quỵ", "Quỳnh",
        # Already new style, or not one of the three pairs.
        "hòa", "thúy", "khỏe", "ủy", "quà", "quạ", "của", "mùa", "lúa", "tuổi",
    ],
)  # fmt: skip
def test_words_that_must_not_change(word):
    assert normalize_tone_placement(word) == word


def test_tone_placement_handles_decomposed_input():
    assert normalize_tone_placement(nfd("hoà thuận, Thuý Kiều")) == "hòa thuận, Thúy Kiều"


def test_tone_placement_is_idempotent_and_keeps_other_text():
    text = "Toà soạn: UBND tỉnh Hoà Bình họp bàn về khoảng 2.345 hộ, quý III/2024!"
    once = normalize_tone_placement(text)
    assert once == "Tòa soạn: UBND tỉnh Hòa Bình họp bàn về khoảng 2.345 hộ, quý III/2024!"
    assert normalize_tone_placement(once) == once


# --- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đắk Lắk", "dak lak"),
        ("HĐND", "hdnd"),
        ("Hội đồng nhân dân tỉnh Sóc Trăng", "hoi dong nhan dan tinh soc trang"),
        ("ệ ữ ặ ở ậ ỗ ự ẳ", "e u a o a o u a"),
        ("ÐÔNG ðông", "dong dong"),  # U+00D0 / U+00F0, often typed for Đ
        ("Số 12/2024, ngày 5-6!", "so 12/2024, ngay 5-6!"),
        ("  Tab\tand\nnewline ", "  tab\tand\nnewline "),
        ("東京 Москва", "東京 москва"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_accepts_decomposed_input():
    assert fold(nfd("Đắk Lắk, Nguyễn Thị Ánh")) == "dak lak, nguyen thi anh"


def test_fold_turns_every_vietnamese_letter_into_its_ascii_base():
    for letter in all_letters():
        folded = fold(letter)
        assert folded.isascii() and folded.isalpha() and len(folded) == 1, letter
        assert folded == ("d" if letter in "đĐ" else nfd(letter)[0].lower())


def test_fold_output_is_nfc():
    assert fold("Ａ ค่ะ") == unicodedata.normalize("NFC", fold("Ａ ค่ะ"))


# --- slugify_vi --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đắk Lắk", "dak-lak"),
        ("Cụm thi đua các tỉnh miền Tây Nam bộ", "cum-thi-dua-cac-tinh-mien-tay-nam-bo"),
        ("HĐND tỉnh khóa X, kỳ họp thứ 12", "hdnd-tinh-khoa-x-ky-hop-thu-12"),
        ("  --Hà Nội--  ", "ha-noi"),
        ("Giá vàng 9999 tăng 2,5%!", "gia-vang-9999-tang-2-5"),
        ("Søren Kierkegaard & Straße", "soren-kierkegaard-strasse"),
        ("COVID-19: 106 ca", "covid-19-106-ca"),
        ("!!! ??? …", ""),
        ("", ""),
        ("東京", ""),
    ],
)
def test_slugify_vi(text, slug):
    assert slugify_vi(text) == slug


def test_slugify_accepts_decomposed_input():
    assert slugify_vi(nfd("Đắk Lắk")) == "dak-lak"


def test_slugify_trims_at_a_word_boundary():
    text = "Cụm thi đua các tỉnh miền Tây Nam bộ"
    assert slugify_vi(text, max_length=7) == "cum-thi"
    assert slugify_vi(text, max_length=8) == "cum-thi"
    assert slugify_vi(text, max_length=11) == "cum-thi-dua"
    assert slugify_vi(text, max_length=10) == "cum-thi"
    full = "cum-thi-dua-cac-tinh-mien-tay-nam-bo"
    assert slugify_vi(text, max_length=len(full)) == full
    for limit in range(1, 45):
        slug = slugify_vi(text, max_length=limit)
        assert len(slug) <= limit
        assert not slug.startswith("-") and not slug.endswith("-")
        assert full.startswith(slug)


def test_slugify_cuts_a_single_overlong_word():
    assert slugify_vi("Nghiêngnghiêngnghiêng", max_length=6) == "nghien"
    assert slugify_vi("abcdefghij klm", max_length=4) == "abcd"


def test_slugify_rejects_a_non_positive_limit():
    with pytest.raises(ValueError):
        slugify_vi("abc", max_length=0)


def test_slugify_default_limit_is_80():
    slug = slugify_vi("từ " * 60)
    assert len(slug) <= 80 and slug.startswith("tu-tu") and not slug.endswith("-")


# --- tokenize ----------------------------------------------------------------------------------


def test_tokenize_keeps_diacritics_and_unifies_spellings():
    assert tokenize("Hoà bình, THUÝ! Uỷ ban") == ["hòa", "bình", "thúy", "ủy", "ban"]
    assert tokenize("hòa bình") == tokenize("hoà bình") == tokenize(nfd("HOÀ BÌNH"))


def test_tokenize_splits_on_punctuation_and_underscores():
    tokens = tokenize("COVID-19: 2.345 ca_nhiễm (mới)")
    assert tokens == ["covid", "19", "2", "345", "ca", "nhiễm", "mới"]
    assert tokenize("") == []
    assert tokenize(" ,.;!? ") == []


def test_tokenize_does_not_touch_closed_syllables():
    assert tokenize("Hoàng Quý khoảng") == ["hoàng", "quý", "khoảng"]


# --- truncate_words ----------------------------------------------------------------------------


def test_truncate_leaves_short_text_unchanged():
    assert truncate_words("Xin chào", 20) == "Xin chào"
    assert truncate_words("Xin chào", 8) == "Xin chào"
    assert truncate_words("", 0) == ""


def test_truncate_cuts_at_a_word_boundary_and_counts_the_ellipsis():
    text = "Hội đồng nhân dân tỉnh Sóc Trăng"
    assert truncate_words(text, 12) == "Hội đồng…"
    assert truncate_words(text, 10) == "Hội đồng…"
    assert truncate_words(text, 9) == "Hội đồng…"
    assert truncate_words(text, 8) == "Hội…"
    assert truncate_words(text, 18, ellipsis="...") == "Hội đồng nhân..."


def test_truncate_never_exceeds_the_limit_nor_splits_words():
    text = "Cụm thi đua các tỉnh miền Tây Nam bộ tổng kết năm 2024"
    words = set(text.split())
    for limit in range(1, len(text) + 5):
        cut = truncate_words(text, limit)
        assert len(cut) <= limit
        if cut != text and limit > len("Cụm…"):  # below that the first word is cut
            assert cut.endswith("…")
            assert all(word in words for word in cut[:-1].split())


def test_truncate_drops_trailing_punctuation_before_the_ellipsis():
    assert truncate_words("Xin chào, các bạn thân mến", 12) == "Xin chào…"
    assert truncate_words("Tin nóng — cập nhật liên tục", 12) == "Tin nóng…"


def test_truncate_cuts_an_overlong_first_word():
    assert truncate_words("Supercalifragilistic", 6) == "Super…"


def test_truncate_counts_characters_not_code_points():
    decomposed = nfd("Nguyễn Văn Bốn")
    assert truncate_words(decomposed, 14) == "Nguyễn Văn Bốn"
    assert truncate_words(decomposed, 12) == "Nguyễn Văn…"


def test_truncate_edge_limits():
    assert truncate_words("abc def", 1) == "…"
    assert truncate_words("abc def", 0) == ""
    assert truncate_words("abc def", 2, ellipsis="...") == ".."
    with pytest.raises(ValueError):
        truncate_words("abc", -1)


# --- format_number_vi --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0"),
        (7, "7"),
        (106, "106"),
        (999, "999"),
        (1000, "1.000"),
        (2345, "2.345"),
        (1234567, "1.234.567"),
        (-5, "-5"),
        (-2345, "-2.345"),
        (-1234567, "-1.234.567"),
        (10**12, "1.000.000.000.000"),
    ],
)
def test_format_number_vi(number, text):
    assert format_number_vi(number) == text


@pytest.mark.parametrize("value", [1.5, "2345", True, None])
def test_format_number_vi_rejects_non_integers(value):
    with pytest.raises(TypeError):
        format_number_vi(value)
