#include "mail/templates.hpp"

namespace entitled::mail {
namespace {

struct Template {
    std::string_view name;
    Locale locale;
    std::string_view subject;
    std::string_view text;
};

constexpr Template kTemplates[] = {
#include "mail/templates.inc"
};

std::string Fill(std::string_view text, const MailParams& params, bool one_line) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            const size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                auto it = params.find(std::string(text.substr(i + 1, close - i - 1)));
                if (it != params.end()) {
                    for (char c : it->second) out += (one_line && (c == '\r' || c == '\n')) ? ' ' : c;
                    i = close;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

bool StartsUrl(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// Escapes one paragraph and turns http(s) URLs into links.
std::string Paragraph(std::string_view text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (StartsUrl(text.substr(i))) {
            size_t end = i;
            while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
            // A sentence's full stop is not part of the link.
            while (end > i && (text[end - 1] == '.' || text[end - 1] == ',')) --end;
            const std::string url = EscapeHtml(text.substr(i, end - i));
            out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
            i = end;
        } else if (text[i] == '\n') {
            out += "<br>";
            ++i;
        } else {
            out += EscapeHtml(text.substr(i, 1));
            ++i;
        }
    }
    return out;
}

std::string ToHtml(std::string_view text, Locale locale) {
    std::string html = R"(<!doctype html><html lang=")";
    html.append(LocaleCode(locale)).append(R"("><head><meta charset="utf-8"></head>)");
    html += R"(<body style="font-family:sans-serif;line-height:1.5">)";
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find("\n\n", pos);
        if (end == std::string_view::npos) end = text.size();
        html += "<p>" + Paragraph(text.substr(pos, end - pos)) + "</p>";
        pos = end + 2;
    }
    html += "</body></html>";
    return html;
}

}  // namespace

std::string EscapeHtml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool HasTemplate(std::string_view name) {
    for (const auto& t : kTemplates) {
        if (t.name == name) return true;
    }
    return false;
}

Result<RenderedMail> RenderMail(std::string_view name, Locale locale, const MailParams& params) {
    for (const auto& t : kTemplates) {
        if (t.name != name || t.locale != locale) continue;
        RenderedMail m;
        m.subject = Fill(t.subject, params, true);
        m.text = Fill(t.text, params, false);
        m.html = ToHtml(m.text, locale);
        return m;
    }
    Error e = MakeError(Problem::kInternal);
    e.internal = "no mail template " + std::string(name) + " in " + std::string(LocaleCode(locale));
    return e;
}

}  // namespace entitled::mail
