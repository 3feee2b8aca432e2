#include "common/i18n.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace entitled {
namespace {

struct Entry {
    const char* key;
    const char* en;
    const char* fr;
    const char* de;
};
constexpr Entry kAll[] = {
#include "common/messages.inc"
};

std::set<std::string> Placeholders(const std::string& text) {
    std::set<std::string> out;
    static const std::regex re("\\{([a-z_]+)\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
        out.insert((*it)[1]);
    }
    return out;
}

TEST(Catalog, EveryMessageHasTheSamePlaceholdersInAllLanguages) {
    std::set<std::string> keys;
    for (const auto& e : kAll) {
        EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
        EXPECT_EQ(Placeholders(e.en), Placeholders(e.fr)) << e.key;
        EXPECT_EQ(Placeholders(e.en), Placeholders(e.de)) << e.key;
        EXPECT_STRNE(e.en, e.fr) << e.key << " is not translated to French";
        EXPECT_STRNE(e.en, e.de) << e.key << " is not translated to German";
    }
}

TEST(Translate, InterpolatesAndFallsBackToTheKey) {
    EXPECT_EQ(Translate(Locale::kFr, "duplicate_email", {{"email", "a@b.fr"}}),
              "Un utilisateur avec l'adresse a@b.fr existe déjà.");
    EXPECT_EQ(Translate(Locale::kEn, "no.such.key"), "no.such.key");
}

TEST(NegotiateLocale, PicksTheBestSupportedLanguage) {
    EXPECT_EQ(NegotiateLocale(""), Locale::kEn);
    EXPECT_EQ(NegotiateLocale("de-CH,de;q=0.9,en;q=0.8"), Locale::kDe);
    EXPECT_EQ(NegotiateLocale("es-ES,fr;q=0.5,en;q=0.4"), Locale::kFr);
    EXPECT_EQ(NegotiateLocale("en;q=0.2, fr;q=0.9"), Locale::kFr);
    EXPECT_EQ(NegotiateLocale("ja, zh"), Locale::kEn);
    EXPECT_EQ(NegotiateLocale("fr;q=abc"), Locale::kEn);
}

TEST(ParseLocale, AcceptsOnlyTheThreeLanguages) {
    Locale l{};
    EXPECT_TRUE(ParseLocale("FR", l));
    EXPECT_EQ(l, Locale::kFr);
    EXPECT_TRUE(ParseLocale("de_AT", l));
    EXPECT_FALSE(ParseLocale("es", l));
    EXPECT_FALSE(ParseLocale("e", l));
    EXPECT_FALSE(ParseLocale("english", l));
}

}  // namespace
}  // namespace entitled
