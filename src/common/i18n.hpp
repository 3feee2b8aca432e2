#pragma once
// Message catalogs for API error details and server-rendered text, in the three
// languages the product speaks. Keys are stable; text interpolates {name}
// placeholders from the argument map.
//
// Thread safety: the catalog is immutable after static initialisation.

#include <map>
#include <string>
#include <string_view>

namespace entitled {

enum class Locale { kEn, kFr, kDe };

std::string_view LocaleCode(Locale l);
// "en", "fr", "de" (case-insensitive, region ignored: "fr-CH" is French).
bool ParseLocale(std::string_view code, Locale& out);
// Picks the best supported language from an Accept-Language header; English
// when nothing matches.
Locale NegotiateLocale(std::string_view accept_language);

// The localized text for `key`, or the key itself when unknown (so a missing
// entry is visible, never a crash).
std::string Translate(Locale locale, std::string_view key, const std::map<std::string, std::string>& args = {});
bool HasMessage(std::string_view key);

}  // namespace entitled
