// Support cases: open, list (own, or the queue for licensing support), read, comment, change status.
#include "api/cases_api.hpp"

#include <algorithm>

#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/cases_service.hpp"

namespace entitled::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

object CaseJson(const domain::Case& c) {
    return {{"id", c.id},
            {"number", c.number},
            {"category", domain::CaseCategoryName(c.category)},
            {"subject", c.subject},
            {"description", c.description},
            {"status", domain::CaseStatusName(c.status)},
            {"order_number", c.order_number ? value(*c.order_number) : value(nullptr)},
            {"smart_account", c.smart_account_id ? value(object{{"id", *c.smart_account_id},
                                                                {"name", c.smart_account_name.value_or("")}})
                                                 : value(nullptr)},
            {"transfer_id", c.transfer_id ? value(*c.transfer_id) : value(nullptr)},
            {"opened_by", object{{"name", c.opened_by_name}, {"email", c.opened_by_email}}},
            {"created_at", FormatRfc3339(c.created_at)},
            {"updated_at", FormatRfc3339(c.updated_at)}};
}

object CaseViewJson(const service::CaseView& view) {
    object out = CaseJson(view.kase);
    array comments;
    for (const auto& c : view.comments) {
        const bool support = std::find(view.support_authors.begin(), view.support_authors.end(), c.author_id) !=
                             view.support_authors.end();
        comments.push_back(object{{"id", c.id},
                                  {"author", c.author},
                                  {"author_is_support", support},
                                  {"body", c.body},
                                  {"created_at", FormatRfc3339(c.created_at)}});
    }
    out["comments"] = std::move(comments);
    out["allowed_actions"] = ActionsJson(view.allowed_actions);
    return out;
}

Result<service::NewCase> ReadNewCase(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewCase c;
    in.Enum("category", true, {"software_licensing"});
    c.subject = in.Name("subject", true, 200).value_or("");
    c.description = in.String("description", true, 10000, 1).value_or("");
    c.order_number = in.String("order_number", false, 50, 1);
    c.smart_account_id = in.Int("smart_account_id", false, 1, INT64_MAX);
    c.transfer_id = in.String("transfer_id", false, 50, 1);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return c;
}

}  // namespace

void RegisterCaseRoutes(http::Router& router, App& app) {
    const service::MailContext mail{app.base_url};

    router.Add(http::Verb::post, "/api/v1/cases", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto input, ReadNewCase(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto view, service::OpenCase(ctx.tx, ctx.actor, input, ctx.now));
            return Json(201, CaseViewJson(view));
        });
    });

    router.Add(http::Verb::get, "/api/v1/cases", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
            storage::CaseFilter filter;
            if (auto s = ctx.req.Query("status"); s && !s->empty()) {
                filter.status = domain::ParseCaseStatus(*s);
                if (!filter.status) {
                    return FieldInvalid("status", "invalid_choice", "field.invalid_choice")
                        .With("choices", "open, waiting, closed");
                }
            }
            if (auto o = ctx.req.Query("order_number"); o && !o->empty()) filter.order_number = *o;
            filter.after_id = page.after.value_or(0);
            filter.limit = page.limit + 1;
            ENT_ASSIGN_OR_RETURN(auto rows, service::ListCases(ctx.tx, ctx.actor, filter));
            array items;
            const size_t shown = std::min(rows.size(), static_cast<size_t>(page.limit));
            for (size_t i = 0; i < shown; ++i) items.push_back(CaseJson(rows[i]));
            value next = nullptr;
            if (rows.size() > shown) next = value(EncodeCursor(rows[shown - 1].id));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/cases/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto view, service::GetCase(ctx.tx, ctx.actor, id));
            return Json(200, CaseViewJson(view));
        });
    });

    router.Add(http::Verb::post, "/api/v1/cases/{id}/comments", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto text = in.String("body", true, 10000, 1);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto c, service::CommentOnCase(ctx.tx, ctx.actor, id, *text, mail, ctx.now));
            return Json(
                201,
                {{"id", c.id}, {"author", c.author}, {"body", c.body}, {"created_at", FormatRfc3339(c.created_at)}});
        });
    });

    router.Add(http::Verb::patch, "/api/v1/cases/{id}", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto status = in.Enum("status", true, {"open", "waiting", "closed"});
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto view, service::SetCaseStatus(ctx.tx, ctx.actor, id,
                                                                   *domain::ParseCaseStatus(*status), mail, ctx.now));
            return Json(200, CaseViewJson(view));
        });
    });
}

}  // namespace entitled::api
