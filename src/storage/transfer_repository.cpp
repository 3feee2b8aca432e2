#include "storage/transfer_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kTransferSelect =
    "SELECT t.id, t.number, t.status, t.source_smart_account_id, t.destination_smart_account_id, "
    "t.destination_virtual_account_id, t.same_legal_entity, t.transferee_email, t.justification, t.requester_name, "
    "t.requester_phone, t.requester_company, t.requested_by, t.requested_by_label, t.case_number, "
    "t.terms_accepted_at, t.rules_passed_at, t.created_at, t.updated_at, s.name, d.name, v.name FROM transfers t "
    "JOIN smart_accounts s ON s.id = t.source_smart_account_id "
    "JOIN smart_accounts d ON d.id = t.destination_smart_account_id "
    "JOIN virtual_accounts v ON v.id = t.destination_virtual_account_id ";

Value FailureOf(std::optional<domain::AssetFailure> f) {
    return f ? Value(std::string(domain::AssetFailureName(*f))) : Null();
}

domain::Transfer ToTransfer(const Row& r) {
    domain::Transfer t;
    t.id = r.Int(0);
    t.number = r.Text(1);
    t.status = r.Enum(2, domain::ParseTransferStatus);
    t.source_smart_account_id = r.Int(3);
    t.destination_smart_account_id = r.Int(4);
    t.destination_virtual_account_id = r.Int(5);
    t.same_legal_entity = r.Bool(6);
    t.transferee_email = r.OptText(7);
    t.justification = r.Text(8);
    t.requester_name = r.Text(9);
    t.requester_phone = r.Text(10);
    t.requester_company = r.Text(11);
    t.requested_by = r.OptInt(12);
    t.requested_by_label = r.Text(13);
    t.case_number = r.OptText(14);
    t.terms_accepted_at = r.Int(15);
    t.rules_passed_at = r.OptInt(16);
    t.created_at = r.Int(17);
    t.updated_at = r.Int(18);
    t.source_name = r.Text(19);
    t.destination_name = r.Text(20);
    t.destination_virtual_account_name = r.Text(21);
    return t;
}

std::string Name(domain::TransferStatus s) { return std::string(domain::TransferStatusName(s)); }

}  // namespace

Result<std::int64_t> TransferRepository::NextSequence(int year) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("INSERT INTO transfer_sequences (year, last_value) VALUES (?, 1) "
                                              "ON CONFLICT (year) DO UPDATE SET last_value = "
                                              "transfer_sequences.last_value + 1 RETURNING last_value",
                                              {static_cast<std::int64_t>(year)}));
    return r->Int(0);
}

Result<std::int64_t> TransferRepository::Insert(const domain::Transfer& t) {
    ENT_ASSIGN_OR_RETURN(
        auto r,
        tx_.QueryOne("INSERT INTO transfers (number, status, source_smart_account_id, destination_smart_account_id, "
                     "destination_virtual_account_id, same_legal_entity, transferee_email, justification, "
                     "requester_name, requester_phone, requester_company, requested_by, requested_by_label, "
                     "case_number, terms_accepted_at, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     {t.number, Name(t.status), t.source_smart_account_id, t.destination_smart_account_id,
                      t.destination_virtual_account_id, Bool(t.same_legal_entity), Opt(t.transferee_email),
                      t.justification, t.requester_name, t.requester_phone, t.requester_company, Opt(t.requested_by),
                      t.requested_by_label, Opt(t.case_number), t.terms_accepted_at, t.created_at, t.updated_at}));
    return r->Int(0);
}

Result<std::int64_t> TransferRepository::InsertAsset(const domain::TransferAsset& a) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("INSERT INTO transfer_assets (transfer_id, kind, license_lot_id, "
                                              "device_id, product, quantity, outcome, reason) VALUES "
                                              "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                              {a.transfer_id, std::string(domain::AssetKindName(a.kind)),
                                               Opt(a.license_lot_id), Opt(a.device_id), a.product, a.quantity,
                                               std::string(domain::AssetOutcomeName(a.outcome)), FailureOf(a.reason)}));
    return r->Int(0);
}

Status TransferRepository::AddHistory(std::int64_t transfer_id, domain::TransferStatus status, Micros at,
                                      const std::string& actor, const std::optional<std::string>& note) {
    ENT_TRY(tx_.Exec("INSERT INTO transfer_history (transfer_id, status, at, actor, note) VALUES (?, ?, ?, ?, ?)",
                     {transfer_id, Name(status), at, actor, Opt(note)}));
    return Ok();
}

Result<std::optional<domain::Transfer>> TransferRepository::FindByNumber(const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(std::string(kTransferSelect) + "WHERE t.number = ?", {number}));
    if (!r) return std::optional<domain::Transfer>();
    return std::optional<domain::Transfer>(ToTransfer(*r));
}

Result<std::optional<domain::Transfer>> TransferRepository::FindById(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(std::string(kTransferSelect) + "WHERE t.id = ?", {id}));
    if (!r) return std::optional<domain::Transfer>();
    return std::optional<domain::Transfer>(ToTransfer(*r));
}

Result<std::vector<domain::TransferAsset>> TransferRepository::Assets(std::int64_t transfer_id) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT a.id, a.transfer_id, a.kind, a.license_lot_id, a.device_id, a.product, "
                                   "a.quantity, a.outcome, a.reason, d.name, d.serial FROM transfer_assets a LEFT "
                                   "JOIN devices d ON d.id = a.device_id WHERE a.transfer_id = ? ORDER BY a.id",
                                   {transfer_id}));
    std::vector<domain::TransferAsset> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({r.Int(0), r.Int(1), r.Enum(2, domain::ParseAssetKind), r.OptInt(3), r.OptInt(4), r.Text(5),
                       r.Int(6), r.Enum(7, domain::ParseAssetOutcome), r.OptEnum(8, domain::ParseAssetFailure),
                       r.OptText(9), r.OptText(10)});
    }
    return out;
}

Result<std::vector<domain::TransferHistoryEntry>> TransferRepository::History(std::int64_t transfer_id) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT status, at, actor, note FROM transfer_history WHERE "
                                              "transfer_id = ? ORDER BY id",
                                              {transfer_id}));
    std::vector<domain::TransferHistoryEntry> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back({r.Enum(0, domain::ParseTransferStatus), r.Int(1), r.Text(2), r.OptText(3)});
    return out;
}

Result<std::vector<domain::Transfer>> TransferRepository::List(const TransferFilter& f) {
    Params params;
    std::string sql = std::string(kTransferSelect) + "WHERE t.id < ?";
    params.emplace_back(f.before_id);
    // The caller's side of the transfer (domain::TransferAudience decides who is on which side).
    const domain::Audience& a = f.audience;
    if (f.role == TransferFilter::Role::kRequester) {
        sql += " AND (t.requested_by = ?";
        params.emplace_back(a.user_id.value_or(-1));
        sql += " OR " + InList("t.source_smart_account_id", a.accounts, params) + ")";
    } else if (f.role == TransferFilter::Role::kTransferee) {
        // The destination's administrators, for what they did not ask for themselves (that is on their source side).
        sql += " AND (t.transferee_email = ?";
        params.emplace_back(a.email);
        sql += " OR (" + InList("t.destination_smart_account_id", a.accounts, params) +
               " AND COALESCE(t.requested_by, -1) <> ?))";
        params.emplace_back(a.user_id.value_or(-1));
    } else if (!a.everything) {
        sql += " AND 1 = 0";
    }
    if (f.status) {
        sql += " AND t.status = ?";
        params.emplace_back(Name(*f.status));
    }
    sql += " ORDER BY t.id DESC LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(f.limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<domain::Transfer> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToTransfer(r));
    return out;
}

Result<std::int64_t> TransferRepository::CountAssets(std::int64_t transfer_id) {
    ENT_ASSIGN_OR_RETURN(auto r,
                         tx_.QueryOne("SELECT COUNT(*) FROM transfer_assets WHERE transfer_id = ?", {transfer_id}));
    return r->Int(0);
}

Result<std::vector<std::int64_t>> TransferRepository::Due(int limit) {
    ENT_ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("SELECT id FROM transfers WHERE status IN ('validation_initiated', 'validation_completed', "
                  "'submitted', 'transfer_initiated') OR (status = 'compliance_screening' AND rules_passed_at IS "
                  "NULL) ORDER BY id LIMIT ?",
                  {static_cast<std::int64_t>(limit)}));
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Int(0));
    return out;
}

Result<std::vector<std::int64_t>> TransferRepository::WaitingSince(Micros since, int limit) {
    std::string waiting;
    for (auto s : domain::AllTransferStatuses()) {
        if (!domain::WaitsForAPerson(s)) continue;
        waiting += (waiting.empty() ? "'" : ", '") + std::string(domain::TransferStatusName(s)) + "'";
    }
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM transfers WHERE status IN (" + waiting +
                                                  ") AND updated_at <= ? ORDER BY updated_at, id LIMIT ?",
                                              {since, static_cast<std::int64_t>(limit)}));
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Int(0));
    return out;
}

Result<bool> TransferRepository::SetStatus(std::int64_t id, domain::TransferStatus from, domain::TransferStatus to,
                                           Micros now) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE transfers SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                                          {Name(to), now, id, Name(from)}));
    return n == 1;
}

Status TransferRepository::SetRulesPassed(std::int64_t id, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE transfers SET rules_passed_at = ?, updated_at = ? WHERE id = ?", {now, now, id}));
    return Ok();
}

Status TransferRepository::SetOutcome(std::int64_t asset_id, domain::AssetOutcome outcome,
                                      std::optional<domain::AssetFailure> reason) {
    ENT_TRY(tx_.Exec("UPDATE transfer_assets SET outcome = ?, reason = ? WHERE id = ?",
                     {std::string(domain::AssetOutcomeName(outcome)), FailureOf(reason), asset_id}));
    return Ok();
}

}  // namespace entitled::storage
