#include "service/cases_service.hpp"

#include <boost/json.hpp>

#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/orders_service.hpp"
#include "service/outbox.hpp"
#include "storage/order_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

bool IsSupport(const Actor& actor) {
    return actor.Has(domain::Flag::kLicensingSupport) || actor.Has(domain::Flag::kPlatformAdmin);
}

Result<storage::CaseRow> LoadVisible(storage::Transaction& tx, const Actor& actor, std::int64_t id) {
    if (!actor.user) return MakeError(ErrorCode::kUnauthenticated, "unauthenticated", "unauthenticated");
    ENT_ASSIGN_OR_RETURN(auto row, storage::CaseRepository(tx).Find(id));
    if (!row || (row->opened_by != actor.user->id && !IsSupport(actor))) {
        return MakeError(ErrorCode::kNotFound, "not_found", "not_found");
    }
    return std::move(*row);
}

Status MailOpener(storage::Transaction& tx, const storage::CaseRow& c, const std::string& template_name,
                  mail::MailParams params, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto opener, storage::UserRepository(tx).FindById(c.opened_by));
    if (!opener) return Ok();
    params.emplace("name", opener->name);
    params.emplace("number", c.number);
    params.emplace("subject", c.subject);
    params.emplace("link", mail.base_url + "/cases/" + std::to_string(c.id));
    ENT_TRY(EnqueueMail(tx, {opener->email, opener->locale, template_name, params}, mail.base_url, now));
    return Ok();
}

}  // namespace

Status ValidateCaseNumber(storage::Transaction& tx, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto row, storage::CaseRepository(tx).FindByNumber(number));
    if (!row) return ValidationError({{"case_number", "unknown_case", "field.unknown_case", {{"number", number}}}});
    if (row->status == "closed") return FieldInvalid("case_number", "case_closed", "field.case_closed_number");
    return Ok();
}

Result<CaseView> OpenCase(storage::Transaction& tx, const Actor& actor, const NewCase& input, Micros now) {
    if (!actor.user) return MakeError(ErrorCode::kUnauthenticated, "unauthenticated", "unauthenticated");
    std::vector<FieldError> errors;
    std::optional<std::int64_t> order_id;
    if (input.order_number) {
        auto order = GetOrder(tx, actor, *input.order_number);
        if (!order.ok())
            errors.push_back({"order_number", "not_found", "field.unknown_order", {}});
        else
            order_id = order->order.id;
    }
    if (input.smart_account_id &&
        !Require(actor, domain::Action::kViewAccount, domain::Target{*input.smart_account_id, std::nullopt}).ok()) {
        errors.push_back({"smart_account_id", "not_found", "field.unknown_account", {}});
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    storage::CaseRow row;
    row.category = "software_licensing";
    row.subject = input.subject;
    row.description = input.description;
    row.opened_by = actor.user->id;
    row.smart_account_id = input.smart_account_id;
    row.transfer_id = input.transfer_id;
    storage::CaseRepository cases(tx);
    ENT_ASSIGN_OR_RETURN(auto id, cases.Insert(row, order_id, now));
    ENT_ASSIGN_OR_RETURN(auto created, cases.Find(id));
    ENT_TRY(Audit(tx, actor, now,
                  {"case.open", "case", std::to_string(id), std::nullopt,
                   boost::json::object{{"number", created->number}, {"subject", created->subject}}, std::nullopt,
                   input.smart_account_id}));
    return CaseView{std::move(*created), {}, {}};
}

Result<std::vector<storage::CaseRow>> ListCases(storage::Transaction& tx, const Actor& actor,
                                                storage::CaseFilter filter) {
    if (!actor.user) return MakeError(ErrorCode::kUnauthenticated, "unauthenticated", "unauthenticated");
    if (!IsSupport(actor)) filter.opened_by = actor.user->id;
    return storage::CaseRepository(tx).List(filter);
}

Result<CaseView> GetCase(storage::Transaction& tx, const Actor& actor, std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, id));
    CaseView view{std::move(row), {}, {}};
    ENT_ASSIGN_OR_RETURN(view.comments, storage::CaseRepository(tx).Comments(id));
    storage::UserRepository users(tx);
    for (const auto& c : view.comments) {
        ENT_ASSIGN_OR_RETURN(auto author, users.FindById(c.author_id));
        if (author && (author->Has(domain::Flag::kLicensingSupport) || author->Has(domain::Flag::kPlatformAdmin))) {
            view.support_authors.push_back(c.author_id);
        }
    }
    return view;
}

Result<storage::CommentRow> CommentOnCase(storage::Transaction& tx, const Actor& actor, std::int64_t id,
                                          const std::string& body, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, id));
    if (row.status == "closed")
        return MakeError(ErrorCode::kConflict, "case_closed", "case_closed").With("number", row.number);
    storage::CaseRepository cases(tx);
    ENT_ASSIGN_OR_RETURN(auto comment_id, cases.AddComment(id, actor.user->id, body, now));
    ENT_TRY(Audit(tx, actor, now,
                  {"case.comment", "case", std::to_string(id), std::nullopt,
                   boost::json::object{{"comment_id", comment_id}}, std::nullopt, row.smart_account_id}));
    // The opener hears about replies from others (support); their own comments need no mail.
    if (actor.user->id != row.opened_by) {
        ENT_TRY(MailOpener(tx, row, "case_reply", {{"author", actor.user->name}, {"reply", body}}, mail, now));
    }
    return storage::CommentRow{comment_id, actor.user->id, actor.user->name, body, now};
}

Result<CaseView> SetCaseStatus(storage::Transaction& tx, const Actor& actor, std::int64_t id, const std::string& status,
                               const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, id));
    if (!actor.Has(domain::Flag::kLicensingSupport)) return MakeError(ErrorCode::kForbidden, "forbidden", "forbidden");
    if (row.status != status) {
        ENT_TRY(storage::CaseRepository(tx).SetStatus(id, status, now));
        ENT_TRY(Audit(tx, actor, now,
                      {"case.status", "case", std::to_string(id), boost::json::object{{"status", row.status}},
                       boost::json::object{{"status", status}}, std::nullopt, row.smart_account_id}));
        ENT_TRY(MailOpener(tx, row, "case_status", {{"status", status}}, mail, now));
    }
    return GetCase(tx, actor, id);
}

}  // namespace entitled::service
