#include "common/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace entitled {
namespace {

bool IsBidiControl(UChar32 c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

bool IsLineBreakOrControl(UChar32 c) { return u_charType(c) == U_CONTROL_CHAR || c == 0x2028 || c == 0x2029; }

// Shows nothing by itself: white space, or a default-ignorable code point
// (zero-width space and joiners, word joiner, BOM, soft hyphen, Hangul filler…).
bool IsInvisible(UChar32 c) { return u_isUWhiteSpace(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT); }

}  // namespace

std::string NormalizeName(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString normalized = U_SUCCESS(status) ? nfc->normalize(text, status) : text;
    if (U_FAILURE(status)) normalized = text;
    int32_t start = 0;
    int32_t end = normalized.length();
    while (start < end && u_isUWhiteSpace(normalized.char32At(start))) start = normalized.moveIndex32(start, 1);
    while (end > start) {
        const int32_t prev = normalized.moveIndex32(end, -1);
        if (!u_isUWhiteSpace(normalized.char32At(prev))) break;
        end = prev;
    }
    std::string out;
    normalized.tempSubStringBetween(start, end).toUTF8String(out);
    return out;
}

NameCheck CheckName(std::string_view normalized) {
    bool visible = false;
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(normalized.data());
    const auto length = static_cast<int32_t>(normalized.size());
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0 || IsLineBreakOrControl(c)) return NameCheck::kControlCharacter;
        if (IsBidiControl(c)) return NameCheck::kBidiControl;
        visible = visible || !IsInvisible(c);
    }
    return visible ? NameCheck::kOk : NameCheck::kBlank;
}

}  // namespace entitled
