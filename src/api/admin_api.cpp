// Platform administration: the mail outbox.
#include "api/admin_api.hpp"

#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/authorize.hpp"
#include "storage/outbox_repository.hpp"

namespace entitled::api {
namespace {

boost::json::object MailJson(const storage::OutboxRow& m) {
    return {{"id", m.id},
            {"to", m.to},
            {"locale", m.locale},
            {"template", m.template_name},
            {"subject", m.subject},
            {"body_text", m.body_text},
            {"status", m.status},
            {"attempts", m.attempts},
            {"created_at", FormatRfc3339(m.created_at)},
            {"sent_at", m.sent_at ? boost::json::value(FormatRfc3339(*m.sent_at)) : nullptr},
            {"last_error", m.last_error ? boost::json::value(*m.last_error) : nullptr}};
}

Result<http::Response> ListOutbox(Ctx& ctx) {
    ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kViewOutbox));
    ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
    storage::OutboxFilter filter;
    if (auto to = ctx.req.Query("to"); to && !to->empty()) filter.to = domain::NormalizeEmail(*to);
    if (auto status = ctx.req.Query("status"); status && !status->empty()) {
        if (*status != "queued" && *status != "sending" && *status != "sent" && *status != "failed") {
            return FieldInvalid("status", "invalid_choice", "field.invalid_choice")
                .With("choices", "queued, sending, sent, failed");
        }
        filter.status = *status;
    }
    filter.before_id = page.after;
    filter.limit = page.limit + 1;  // one more tells whether there is a next page
    ENT_ASSIGN_OR_RETURN(auto rows, storage::OutboxRepository(ctx.tx).List(filter));
    boost::json::array items;
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.limit));
    for (size_t i = 0; i < shown; ++i) items.push_back(MailJson(rows[i]));
    boost::json::value next = nullptr;
    if (rows.size() > shown) next = boost::json::value(EncodeCursor(rows[shown - 1].id));
    return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

}  // namespace

void RegisterAdminRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::get, "/api/v1/admin/outbox", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, ListOutbox);
    });
}

}  // namespace entitled::api
