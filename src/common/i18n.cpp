#include "common/i18n.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <unordered_map>
#include <vector>

namespace entitled {
namespace {

struct Entry {
    const char* key;
    const char* en;
    const char* fr;
    const char* de;
};

// Every key has all three languages by construction; i18n_test.cpp checks
// that placeholders agree across languages.
constexpr Entry kMessages[] = {
#include "common/messages.inc"
};

const std::unordered_map<std::string_view, const Entry*>& Index() {
    static const auto* index = [] {
        auto* m = new std::unordered_map<std::string_view, const Entry*>();
        for (const auto& e : kMessages) (*m)[e.key] = &e;
        return m;
    }();
    return *index;
}

std::string Interpolate(std::string_view text, const std::map<std::string, std::string>& args) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            const size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                auto it = args.find(std::string(text.substr(i + 1, close - i - 1)));
                if (it != args.end()) {
                    out += it->second;
                    i = close;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace

std::string_view LocaleCode(Locale l) {
    switch (l) {
        case Locale::kFr:
            return "fr";
        case Locale::kDe:
            return "de";
        case Locale::kEn:
            break;
    }
    return "en";
}

bool ParseLocale(std::string_view code, Locale& out) {
    if (code.size() < 2) return false;
    if (code.size() > 2 && code[2] != '-' && code[2] != '_') return false;
    const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(code[0])));
    const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(code[1])));
    if (a == 'e' && b == 'n')
        out = Locale::kEn;
    else if (a == 'f' && b == 'r')
        out = Locale::kFr;
    else if (a == 'd' && b == 'e')
        out = Locale::kDe;
    else
        return false;
    return true;
}

Locale NegotiateLocale(std::string_view header) {
    Locale best = Locale::kEn;
    double best_q = -1;
    while (!header.empty()) {
        const size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        double q = 1.0;
        const size_t semi = item.find(';');
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            item = item.substr(0, semi);
            const size_t qpos = params.find("q=");
            if (qpos != std::string_view::npos) {
                const std::string_view qs = params.substr(qpos + 2);
                auto [end, ec] = std::from_chars(qs.data(), qs.data() + qs.size(), q);
                if (ec != std::errc() || end == qs.data()) q = 0;
            }
        }
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        Locale l{};
        // q=0 (or an unreadable q) means "not acceptable" (RFC 9110 §12.4.2).
        if (q > 0 && q > best_q && ParseLocale(item, l)) {
            best = l;
            best_q = q;
        }
    }
    return best;
}

std::string Translate(Locale locale, std::string_view key, const std::map<std::string, std::string>& args) {
    const auto& index = Index();
    auto it = index.find(key);
    if (it == index.end()) return std::string(key);
    const Entry& e = *it->second;
    const char* text = locale == Locale::kFr ? e.fr : locale == Locale::kDe ? e.de : e.en;
    return Interpolate(text, args);
}

bool HasMessage(std::string_view key) { return Index().count(key) != 0; }

}  // namespace entitled
