#include "service/outbox.hpp"

#include "storage/outbox_repository.hpp"

namespace entitled::service {

Result<std::int64_t> EnqueueMail(storage::Transaction& tx, const MailRequest& mail, const std::string& base_url,
                                 Micros now) {
    mail::MailParams params = mail.params;
    params.emplace("base_url", base_url);
    params.emplace("email", mail.to);
    ENT_ASSIGN_OR_RETURN(auto rendered, mail::RenderMail(mail.template_name, mail.locale, params));
    storage::OutboxRow row;
    row.to = mail.to;
    row.locale = std::string(LocaleCode(mail.locale));
    row.template_name = mail.template_name;
    row.subject = std::move(rendered.subject);
    row.body_text = std::move(rendered.text);
    row.body_html = std::move(rendered.html);
    return storage::OutboxRepository(tx).Insert(row, now);
}

}  // namespace entitled::service
