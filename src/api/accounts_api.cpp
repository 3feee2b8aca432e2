// Smart Accounts, Virtual Accounts, members and the account event log.
#include "api/accounts_api.hpp"

#include <charconv>

#include "api/csv.hpp"
#include "api/assets_api.hpp"
#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/accounts_service.hpp"
#include "service/authorize.hpp"

namespace entitled::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

object AccountSummaryJson(const domain::SmartAccount& a) {
    return {{"id", a.id},
            {"name", a.name},
            {"domain", a.domain},
            {"kind", domain::AccountKindName(a.kind)},
            {"status", domain::AccountStatusName(a.status)}};
}

object VirtualAccountJson(const service::VirtualAccountView& view) {
    const auto& v = view.va;
    return {{"id", v.id},
            {"smart_account_id", v.smart_account_id},
            {"name", v.name},
            {"description", v.description},
            {"created_at", FormatRfc3339(v.created_at)},
            {"allowed_actions", ActionsJson(view.allowed_actions)}};
}

object AccountJson(const service::AccountView& view) {
    const auto& a = view.account;
    object out = AccountSummaryJson(a);
    if (a.legal_entity_name || a.legal_entity_country) {
        out["legal_entity"] =
            object{{"name", a.legal_entity_name.value_or("")}, {"country", a.legal_entity_country.value_or("")}};
    } else {
        out["legal_entity"] = nullptr;
    }
    out["created_at"] = FormatRfc3339(a.created_at);
    out["activated_at"] = OptTime(a.activated_at);
    out["expires_at"] = OptTime(a.expires_at);
    array vas;
    for (const auto& v : view.virtual_accounts) vas.push_back(VirtualAccountJson(v));
    out["virtual_accounts"] = std::move(vas);
    array roles;
    for (const auto r : view.my_roles) roles.emplace_back(domain::RoleName(r));
    out["my_roles"] = std::move(roles);
    out["allowed_actions"] = ActionsJson(view.allowed_actions);
    return out;
}

object MemberJson(const domain::Member& m) {
    return {{"user_id", m.user_id},
            {"email", m.email},
            {"name", m.name},
            {"role", domain::RoleName(m.role)},
            {"virtual_account_id", m.virtual_account_id ? value(*m.virtual_account_id) : value(nullptr)},
            {"virtual_account_name", m.virtual_account_name ? value(*m.virtual_account_name) : value(nullptr)}};
}

object InvitationJson(const domain::Invitation& i) {
    return {{"id", i.id},
            {"email", i.email},
            {"role", domain::RoleName(i.role)},
            {"virtual_account_id", i.virtual_account_id ? value(*i.virtual_account_id) : value(nullptr)},
            {"created_at", FormatRfc3339(i.created_at)},
            {"expires_at", FormatRfc3339(i.expires_at)}};
}

Result<service::NewAccount> ReadNewAccount(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewAccount a;
    if (auto name = in.Name("name", true, domain::kMaxAccountNameLength)) a.name = *name;
    if (auto d = in.String("domain", true, 253, 1)) {
        auto normalized = domain::NormalizeDomain(*d);
        if (!normalized)
            in.AddError("domain", "invalid_domain");
        else
            a.domain = *normalized;
    }
    if (auto kind = in.Enum("kind", true, {"customer", "holding"})) a.kind = *domain::ParseAccountKind(*kind);
    ReadLegalEntity(in, a.legal_entity_name, a.legal_entity_country);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return a;
}

Result<service::NewMember> ReadNewMember(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewMember m;
    if (auto email = in.String("email", true, domain::kMaxEmailLength)) {
        if (!domain::IsValidEmail(*email)) in.AddError("email", "invalid_email");
        m.email = domain::NormalizeEmail(*email);
    }
    if (auto role = in.Enum("role", true, {"sa_admin", "sa_user", "sa_viewer", "va_admin", "va_user", "va_viewer"})) {
        m.role = *domain::ParseRole(*role);
    }
    m.virtual_account_id = in.Int("virtual_account_id", false, 1, INT64_MAX);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return m;
}

Result<storage::AccountSearch> SearchKind(const http::Request& req) {
    if (req.Query("mine").value_or("") == "true") return storage::AccountSearch::kMine;
    const std::string by = req.Query("by").value_or("name");
    if (by == "domain") return storage::AccountSearch::kDomain;
    if (by == "name") return storage::AccountSearch::kName;
    if (by == "email") return storage::AccountSearch::kEmail;
    return FieldInvalid("by", "invalid_choice", "field.invalid_choice").With("choices", "domain, name, email");
}

Result<http::Response> Search(Ctx& ctx) {
    ENT_ASSIGN_OR_RETURN(auto by, SearchKind(ctx.req));
    ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
    const std::string q = ctx.req.Query("q").value_or("");
    if (by != storage::AccountSearch::kMine && q.empty()) return FieldInvalid("q", "required", "field.required");
    if (q.size() > 254) return FieldInvalid("q", "too_long", "field.too_long").With("max", "254");
    ENT_ASSIGN_OR_RETURN(auto rows,
                         service::SearchAccounts(ctx.tx, ctx.actor, by, q, page.after.value_or(0), page.limit + 1));
    array items;
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.limit));
    for (size_t i = 0; i < shown; ++i) {
        // Everyone sees id, name, domain, kind and status; members also their roles.
        object item = AccountSummaryJson(rows[i]);
        array roles;
        for (const auto& m : ctx.actor.memberships) {
            if (m.smart_account_id == rows[i].id) roles.emplace_back(domain::RoleName(m.role));
        }
        if (!roles.empty()) item["roles"] = std::move(roles);
        items.push_back(std::move(item));
    }
    value next = nullptr;
    if (rows.size() > shown) next = value(EncodeCursor(rows[shown - 1].id));
    return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

Result<storage::EventFilter> ReadEventFilter(const http::Request& req, bool csv) {
    storage::EventFilter f;
    std::vector<FieldError> errors;
    if (auto a = req.Query("action"); a && !a->empty()) f.action = *a;
    for (const char* name : {"from", "to"}) {
        auto v = req.Query(name);
        if (!v || v->empty()) continue;
        auto t = ParseRfc3339(*v);
        if (!t) {
            errors.push_back({name, "invalid", "field.invalid_date", {}});
            continue;
        }
        // A bare date "to" includes that whole day.
        if (std::string(name) == "from")
            f.from = *t;
        else
            f.to = v->size() == 10 ? *t + kMicrosPerDay : *t;
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    if (csv) {
        f.limit = 100000;
    } else {
        ENT_ASSIGN_OR_RETURN(auto page, ReadPage(req));
        f.limit = page.limit + 1;
        f.before_id = page.after;
    }
    return f;
}

Result<http::Response> Events(Ctx& ctx) {
    ENT_ASSIGN_OR_RETURN(auto sa, IdParam(ctx.req, "id"));
    const bool csv = ctx.req.Query("format").value_or("") == "csv";
    ENT_ASSIGN_OR_RETURN(auto filter, ReadEventFilter(ctx.req, csv));
    const int limit = filter.limit - 1;
    ENT_ASSIGN_OR_RETURN(auto rows, service::ListEvents(ctx.tx, ctx.actor, sa, filter));
    if (csv) {
        std::string out = "id,at,actor,action,target_type,target_id,reason,case_number,before,after\r\n";
        for (const auto& e : rows) {
            out += std::to_string(e.id) + "," + FormatRfc3339(e.at) + "," + CsvField(e.actor) + "," +
                   CsvField(e.action) + "," + CsvField(e.target_type) + "," + CsvField(e.target_id) + "," +
                   CsvField(e.reason.value_or("")) + "," + CsvField(e.case_number.value_or("")) + "," +
                   CsvField(e.before_json.value_or("")) + "," + CsvField(e.after_json.value_or("")) + "\r\n";
        }
        return CsvResponse(std::move(out), "smart-account-" + std::to_string(sa) + "-events.csv");
    }
    array items;
    const size_t shown = std::min(rows.size(), static_cast<size_t>(limit));
    for (size_t i = 0; i < shown; ++i) {
        const auto& e = rows[i];
        auto parse = [](const std::optional<std::string>& j) -> value {
            if (!j) return nullptr;
            boost::system::error_code ec;
            auto v = boost::json::parse(*j, ec);
            return ec ? value(*j) : v;
        };
        items.push_back(object{{"id", e.id},
                               {"at", FormatRfc3339(e.at)},
                               {"actor", e.actor},
                               {"action", e.action},
                               {"target_type", e.target_type},
                               {"target_id", e.target_id},
                               {"before", parse(e.before_json)},
                               {"after", parse(e.after_json)},
                               {"reason", e.reason ? value(*e.reason) : value(nullptr)},
                               {"case_number", e.case_number ? value(*e.case_number) : value(nullptr)}});
    }
    value next = nullptr;
    if (rows.size() > shown) next = value(EncodeCursor(rows[shown - 1].id));
    return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

}  // namespace

void RegisterAccountRoutes(http::Router& router, App& app) {
    const service::MailContext mail{app.base_url};

    router.Add(http::Verb::get, "/api/v1/smart-accounts", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, Search);
    });

    router.Add(http::Verb::post, "/api/v1/smart-accounts", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto input, ReadNewAccount(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto row, service::CreateAccount(ctx.tx, ctx.actor, input, ctx.now));
            ENT_TRY(service::LoadMemberships(ctx.tx, ctx.actor));
            ENT_ASSIGN_OR_RETURN(auto view, service::GetAccount(ctx.tx, ctx.actor, row.id));
            return Json(201, AccountJson(view));
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto view, service::GetAccount(ctx.tx, ctx.actor, id));
            return Json(200, AccountJson(view));
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/asset-summary", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto summary, service::SummarizeAssets(ctx.tx, ctx.actor, id, ctx.now));
            array licenses;
            for (const auto& p : summary.licenses) licenses.push_back(ProductLineJson(p));
            return Json(200, {{"licenses", std::move(licenses)}, {"devices", summary.devices}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/virtual-accounts", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            if (ctx.req.Query("for_assignment").value_or("") == "true") {
                // Anyone may assign an order to any account (SPEC §3), so the VA names are public for that purpose.
                ENT_ASSIGN_OR_RETURN(auto vas, service::AssignableVirtualAccounts(ctx.tx, ctx.actor, id));
                array items;
                for (const auto& v : vas) items.push_back(object{{"id", v.id}, {"name", v.name}});
                return Json(200, {{"items", std::move(items)}, {"next_cursor", nullptr}});
            }
            ENT_ASSIGN_OR_RETURN(auto vas, service::ListVirtualAccounts(ctx.tx, ctx.actor, id));
            array items;
            for (const auto& v : vas) items.push_back(VirtualAccountJson(v));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", nullptr}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/smart-accounts/{id}/virtual-accounts", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto name = in.Name("name", true, 100);
            auto description = in.String("description", false, 1000);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto va, service::CreateVirtualAccount(ctx.tx, ctx.actor, id, *name,
                                                                        description.value_or(""), ctx.now));
            return Json(201, VirtualAccountJson(va));
        });
    });

    router.Add(http::Verb::patch, "/api/v1/virtual-accounts/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto name = in.Name("name", false, 100);
            auto description = in.String("description", false, 1000);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto va,
                                 service::UpdateVirtualAccount(ctx.tx, ctx.actor, id, name, description, ctx.now));
            return Json(200, VirtualAccountJson(va));
        });
    });

    router.Add(http::Verb::delete_, "/api/v1/virtual-accounts/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_TRY(service::DeleteVirtualAccount(ctx.tx, ctx.actor, id, ctx.now));
            return http::NoContent();
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/members", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto list, service::ListMembers(ctx.tx, ctx.actor, id));
            array items;
            for (const auto& m : list.members) items.push_back(MemberJson(m));
            array invitations;
            for (const auto& i : list.invitations) invitations.push_back(InvitationJson(i));
            return Json(
                200, {{"items", std::move(items)}, {"invitations", std::move(invitations)}, {"next_cursor", nullptr}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/smart-accounts/{id}/members", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kManageMembers, domain::AccountRef{id}));
            ENT_ASSIGN_OR_RETURN(auto input, ReadNewMember(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto added, service::AddMember(ctx.tx, ctx.actor, id, input, "", mail, ctx.now));
            if (added.member) return Json(201, {{"member", MemberJson(*added.member)}});
            return Json(202, {{"invitation", InvitationJson(*added.invitation)}});
        });
    });

    router.Add(http::Verb::delete_, "/api/v1/smart-accounts/{id}/members/{user_id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto user, IdParam(ctx.req, "user_id"));
            ENT_TRY(service::RemoveMember(ctx.tx, ctx.actor, id, user, ctx.now));
            return http::NoContent();
        });
    });

    router.Add(http::Verb::post, "/api/v1/smart-accounts/{id}/members/import", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto result,
                                 service::ImportMembers(ctx.tx, ctx.actor, id, ctx.req.body, mail, ctx.now));
            return Json(200, {{"added", result.added}, {"invited", result.invited}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/events", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, Events);
    });
}

}  // namespace entitled::api
