#pragma once
// Queueing notifications. REQUIRES: called inside the transaction of the
// change that causes the mail, so the mail exists exactly when the change does.

#include <string>

#include "common/clock.hpp"
#include "common/i18n.hpp"
#include "mail/templates.hpp"
#include "storage/db.hpp"

namespace entitled::service {

struct MailRequest {
    std::string to;
    Locale locale = Locale::kEn;
    std::string template_name;
    mail::MailParams params;
};

// Renders the template in the recipient's language and queues it. `base_url`
// is offered to every template as {base_url}.
Result<std::int64_t> EnqueueMail(storage::Transaction& tx, const MailRequest& mail, const std::string& base_url,
                                 Micros now);

}  // namespace entitled::service
