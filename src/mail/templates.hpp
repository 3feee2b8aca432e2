#pragma once
// Mail templates, one per kind and language. A template is a subject and a
// plain-text body with {placeholders}; the HTML part is derived from the text
// (paragraphs, links), so the two never disagree. Values are HTML-escaped in
// the HTML part and stripped of line breaks in the subject (no header
// injection).

#include <map>
#include <string>
#include <string_view>

#include "common/i18n.hpp"
#include "common/result.hpp"

namespace entitled::mail {

struct RenderedMail {
    std::string subject;
    std::string text;
    std::string html;
};

using MailParams = std::map<std::string, std::string>;

// kInternal when the template does not exist (a bug, not bad input).
Result<RenderedMail> RenderMail(std::string_view name, Locale locale, const MailParams& params);
bool HasTemplate(std::string_view name);
std::string EscapeHtml(std::string_view s);

}  // namespace entitled::mail
