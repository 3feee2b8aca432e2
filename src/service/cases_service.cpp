#include "service/cases_service.hpp"

#include <boost/json.hpp>

#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/orders_service.hpp"
#include "service/outbox.hpp"
#include "service/transfers_service.hpp"
#include "storage/order_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

Result<domain::Case> LoadVisible(storage::Transaction& tx, const Actor& actor, std::int64_t id) {
    ENT_TRY(Require(tx, actor, domain::Action::kSignedIn));
    ENT_ASSIGN_OR_RETURN(auto row, storage::CaseRepository(tx).Find(id));
    if (!row) return NotFound();
    ENT_TRY(Require(tx, actor, domain::Action::kViewCase, domain::CaseRef{row->opened_by}));
    return std::move(*row);
}

// What a case may be linked to: only what the opener can see, each named when it is not.
Result<std::optional<std::int64_t>> CheckLinks(storage::Transaction& tx, const Actor& actor, const NewCase& input) {
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
        !Allowed(actor, domain::Action::kViewAccount, domain::AccountRef{*input.smart_account_id})) {
        errors.push_back({"smart_account_id", "not_found", "field.unknown_account", {}});
    }
    if (input.transfer_id && !GetTransfer(tx, actor, *input.transfer_id).ok()) {
        errors.push_back({"transfer_id", "not_found", "field.unknown_transfer", {}});
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    return order_id;
}

Status MailOpener(storage::Transaction& tx, const domain::Case& c, const std::string& template_name,
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

Result<CaseView> OpenCase(storage::Transaction& tx, const Actor& actor, const NewCase& input, Micros now) {
    ENT_TRY(Require(tx, actor, domain::Action::kSignedIn));
    ENT_ASSIGN_OR_RETURN(auto order_id, CheckLinks(tx, actor, input));
    domain::Case row;
    row.category = domain::CaseCategory::kSoftwareLicensing;
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
    CaseView view{std::move(*created), {}, {}, {}};
    view.allowed_actions =
        domain::CaseActions(PrincipalOf(actor), {view.kase.opened_by}, !domain::AcceptsComments(view.kase.status));
    return view;
}

Result<std::vector<domain::Case>> ListCases(storage::Transaction& tx, const Actor& actor, storage::CaseFilter filter) {
    ENT_TRY(Require(tx, actor, domain::Action::kSignedIn));
    filter.audience = domain::CaseAudience(PrincipalOf(actor));
    return storage::CaseRepository(tx).List(filter);
}

Result<CaseView> GetCase(storage::Transaction& tx, const Actor& actor, std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, id));
    CaseView view{std::move(row), {}, {}, {}};
    ENT_ASSIGN_OR_RETURN(view.comments, storage::CaseRepository(tx).Comments(id));
    storage::UserRepository users(tx);
    for (const auto& c : view.comments) {
        ENT_ASSIGN_OR_RETURN(auto author, users.FindById(c.author_id));
        if (author && domain::AnswersForSupport(*author)) view.support_authors.push_back(c.author_id);
    }
    view.allowed_actions =
        domain::CaseActions(PrincipalOf(actor), {view.kase.opened_by}, !domain::AcceptsComments(view.kase.status));
    return view;
}

Result<domain::CaseComment> CommentOnCase(storage::Transaction& tx, const Actor& actor, std::int64_t id,
                                          const std::string& body, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, id));
    ENT_TRY(Require(tx, actor, domain::Action::kCommentOnCase, domain::CaseRef{row.opened_by}));
    if (!domain::AcceptsComments(row.status)) return MakeError(Problem::kCaseClosed).With("number", row.number);
    storage::CaseRepository cases(tx);
    ENT_ASSIGN_OR_RETURN(auto comment_id, cases.AddComment(id, actor.user->id, body, now));
    ENT_TRY(Audit(tx, actor, now,
                  {"case.comment", "case", std::to_string(id), std::nullopt,
                   boost::json::object{{"comment_id", comment_id}}, std::nullopt, row.smart_account_id}));
    // The opener hears about replies from others (support); their own comments need no mail.
    if (actor.user->id != row.opened_by) {
        ENT_TRY(MailOpener(tx, row, "case_reply", {{"author", actor.user->name}, {"reply", body}}, mail, now));
    }
    return domain::CaseComment{comment_id, actor.user->id, actor.user->name, body, now};
}

Result<CaseView> SetCaseStatus(storage::Transaction& tx, const Actor& actor, std::int64_t id, domain::CaseStatus status,
                               const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, id));
    ENT_TRY(Require(tx, actor, domain::Action::kSetCaseStatus, domain::CaseRef{row.opened_by}));
    if (!domain::CanChangeCaseStatus(row.status, status)) {
        return MakeError(Problem::kIllegalTransition).With("status", std::string(domain::CaseStatusName(row.status)));
    }
    if (row.status != status) {
        const std::string name(domain::CaseStatusName(status));
        ENT_TRY(storage::CaseRepository(tx).SetStatus(id, status, now));
        ENT_TRY(Audit(tx, actor, now,
                      {"case.status", "case", std::to_string(id),
                       boost::json::object{{"status", domain::CaseStatusName(row.status)}},
                       boost::json::object{{"status", name}}, std::nullopt, row.smart_account_id}));
        ENT_TRY(MailOpener(tx, row, "case_status", {{"status", name}}, mail, now));
    }
    return GetCase(tx, actor, id);
}

}  // namespace entitled::service
