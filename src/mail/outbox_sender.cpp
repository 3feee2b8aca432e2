#include "mail/outbox_sender.hpp"

#include "common/log.hpp"

namespace entitled::mail {

OutboxSender::OutboxSender(storage::Database& db, Mailer& mailer, const Clock& clock, std::string owner,
                           SenderPolicy policy)
    : db_(db), mailer_(mailer), clock_(clock), owner_(std::move(owner)), policy_(policy) {}

Micros OutboxSender::Backoff(std::int64_t attempts) const {
    Micros delay = policy_.retry_base;
    for (std::int64_t i = 1; i < attempts && delay < policy_.retry_max; ++i) delay *= 2;
    return std::min(delay, policy_.retry_max);
}

Result<int> OutboxSender::DeliverDue() {
    int sent = 0;
    for (;;) {
        const Micros now = clock_.Now();
        auto batch = db_.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
            return storage::OutboxRepository(tx).ClaimDue(owner_, now, now + policy_.lease, policy_.batch);
        });
        if (!batch.ok()) return std::move(batch).error();
        if (batch->empty()) return sent;
        for (const auto& mail : *batch) {
            Status delivered = mailer_.Send(mail);
            auto recorded = db_.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<bool> {
                storage::OutboxRepository outbox(tx);
                const Micros done = clock_.Now();  // a delivery may take a while (SMTP timeouts)
                if (delivered.ok()) return outbox.MarkSent(mail.id, owner_, done);
                return outbox.MarkAttemptFailed(mail.id, owner_, delivered.error().internal,
                                                done + Backoff(mail.attempts), policy_.max_attempts);
            });
            if (!recorded.ok()) return std::move(recorded).error();
            if (delivered.ok()) {
                ++sent;
                Log(LogLevel::kInfo, "mail_sent", {{"outbox_id", mail.id}, {"template", mail.template_name}});
            } else {
                Log(LogLevel::kWarn, "mail_attempt_failed",
                    {{"outbox_id", mail.id}, {"attempt", mail.attempts}, {"error", delivered.error().internal}});
            }
        }
        if (static_cast<int>(batch->size()) < policy_.batch) return sent;
    }
}

}  // namespace entitled::mail
