#pragma once
// What a name a person gives (an account, a Virtual Account, a user, a
// device, a case subject) may be: one line of visible text in any script,
// stored in Unicode NFC so that two spellings of "Müller" are one name.

#include <string>
#include <string_view>

namespace entitled {

enum class NameCheck {
    kOk,
    kControlCharacter,  // NUL, CR/LF, tab, escape, DEL, C1, line/paragraph separators
    kBidiControl,       // embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
    kBlank,             // nothing visible: only spaces or invisible characters
};

// `utf8` in NFC with white space trimmed at both ends. `utf8` must be valid
// UTF-8 (Boost.JSON guarantees it for parsed strings).
std::string NormalizeName(std::string_view utf8);

// Whether a normalized name may be stored.
NameCheck CheckName(std::string_view normalized);

}  // namespace entitled
