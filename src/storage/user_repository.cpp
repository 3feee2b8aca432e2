#include "storage/user_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kUserColumns =
    "SELECT u.id, u.email, u.name, u.locale, u.kind, u.disabled, u.password_hash IS NOT NULL, u.created_at, "
    "u.totp_secret IS NOT NULL FROM users u ";

}  // namespace

Result<std::int64_t> UserRepository::Insert(const NewUserRow& row, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto inserted,
        tx_.QueryOne("INSERT INTO users (email, name, password_hash, locale, kind, disabled, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                     {row.email, row.name, Opt(row.password_hash), std::string(LocaleCode(row.locale)),
                      std::string(domain::UserKindName(row.kind)), now, now}));
    const std::int64_t id = inserted->Int(0);
    for (domain::Flag f : row.flags) {
        ENT_TRY(
            tx_.Exec("INSERT INTO user_flags (user_id, flag) VALUES (?, ?)", {id, std::string(domain::FlagName(f))}));
    }
    return id;
}

Result<std::optional<domain::User>> UserRepository::LoadOne(std::string_view where_sql, const Params& params) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne(std::string(kUserColumns) + std::string(where_sql), params));
    if (!row) return std::optional<domain::User>();
    domain::User u;
    u.id = row->Int(0);
    u.email = row->Text(1);
    u.name = row->Text(2);
    ParseLocale(row->Text(3), u.locale);
    u.kind = domain::ParseUserKind(row->Text(4)).value_or(domain::UserKind::kExternal);
    u.disabled = row->Bool(5);
    u.has_password = row->Bool(6);
    u.created_at = row->Int(7);
    u.totp_enabled = row->Bool(8);
    ENT_ASSIGN_OR_RETURN(auto flags, tx_.Query("SELECT flag FROM user_flags WHERE user_id = ? ORDER BY flag", {u.id}));
    for (const auto& f : flags) {
        if (auto flag = domain::ParseFlag(f.Text(0))) u.flags.push_back(*flag);
    }
    return std::optional<domain::User>(std::move(u));
}

Result<std::optional<domain::User>> UserRepository::FindById(std::int64_t id) {
    return LoadOne("WHERE u.id = ?", {id});
}

Result<std::optional<domain::User>> UserRepository::FindByEmail(const std::string& normalized_email) {
    return LoadOne("WHERE u.email = ?", {normalized_email});
}

Result<std::vector<domain::User>> UserRepository::WithFlag(domain::Flag flag) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT u.id FROM users u JOIN user_flags f ON f.user_id = u.id WHERE "
                                              "f.flag = ? AND u.disabled = 0 ORDER BY u.id",
                                              {std::string(domain::FlagName(flag))}));
    std::vector<domain::User> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        ENT_ASSIGN_OR_RETURN(auto u, FindById(r.Int(0)));
        if (u) out.push_back(std::move(*u));
    }
    return out;
}

Result<std::optional<std::string>> UserRepository::PasswordHash(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("SELECT password_hash FROM users WHERE id = ?", {id}));
    if (!row) return std::optional<std::string>();
    return row->OptText(0);
}

Status UserRepository::UpdateProfile(std::int64_t id, const std::optional<std::string>& name,
                                     const std::optional<std::string>& locale,
                                     const std::optional<std::string>& password_hash, Micros now) {
    ENT_TRY(
        tx_.Exec("UPDATE users SET name = COALESCE(?, name), locale = COALESCE(?, locale), "
                 "password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?",
                 {Opt(name), Opt(locale), Opt(password_hash), now, id}));
    return Ok();
}

Status UserRepository::SetFlags(std::int64_t id, const std::vector<domain::Flag>& flags) {
    ENT_TRY(tx_.Exec("DELETE FROM user_flags WHERE user_id = ?", {id}));
    for (domain::Flag f : flags) {
        ENT_TRY(
            tx_.Exec("INSERT INTO user_flags (user_id, flag) VALUES (?, ?)", {id, std::string(domain::FlagName(f))}));
    }
    return Ok();
}

Status UserRepository::SetDisabled(std::int64_t id, bool disabled, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", {Bool(disabled), now, id}));
    return Ok();
}

Result<std::vector<domain::User>> UserRepository::List(const std::string& prefix, std::int64_t after_id, int limit) {
    // Emails are stored lower-case; names are compared lower-cased. LIKE
    // wildcards in the input are escaped so they match literally.
    std::string pattern;
    for (char c : domain::NormalizeEmail(prefix)) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM users WHERE id > ? AND (email LIKE ? ESCAPE '\\' "
                                              "OR LOWER(name) LIKE ? ESCAPE '\\') ORDER BY id LIMIT ?",
                                              {after_id, pattern, pattern, static_cast<std::int64_t>(limit)}));
    std::vector<domain::User> out;
    for (const auto& r : rows) {
        ENT_ASSIGN_OR_RETURN(auto u, FindById(r.Int(0)));
        if (u) out.push_back(std::move(*u));
    }
    return out;
}

Result<std::int64_t> UserRepository::InsertToken(std::int64_t user_id, const std::string& name,
                                                 const std::string& token_hash, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                                                "VALUES (?, ?, ?, ?) RETURNING id",
                                                {user_id, name, token_hash, now}));
    return row->Int(0);
}

Result<std::optional<domain::User>> UserRepository::FindByTokenHash(const std::string& token_hash) {
    return LoadOne(
        "JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = ? AND t.revoked_at IS NULL "
        "AND u.disabled = 0",
        {token_hash});
}

Result<bool> UserRepository::RevokeToken(std::int64_t user_id, std::int64_t token_id, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? "
                                          "AND revoked_at IS NULL",
                                          {now, token_id, user_id}));
    return n > 0;
}

Result<TotpRow> UserRepository::Totp(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("SELECT totp_secret, totp_pending_secret, totp_last_step FROM users "
                                                "WHERE id = ?",
                                                {id}));
    TotpRow out;
    if (!row) return out;
    out.secret = row->OptText(0);
    out.pending_secret = row->OptText(1);
    if (!row->IsNull(2)) out.last_step = row->Int(2);
    return out;
}

Status UserRepository::SetPendingTotp(std::int64_t id, const std::string& secret, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE users SET totp_pending_secret = ?, updated_at = ? WHERE id = ?", {secret, now, id}));
    return Ok();
}

Status UserRepository::EnableTotp(std::int64_t id, const std::string& secret, std::int64_t step, Micros now) {
    ENT_TRY(
        tx_.Exec("UPDATE users SET totp_secret = ?, totp_pending_secret = NULL, totp_last_step = ?, "
                 "updated_at = ? WHERE id = ?",
                 {secret, step, now, id}));
    return Ok();
}

Status UserRepository::ClearTotp(std::int64_t id, Micros now) {
    ENT_TRY(
        tx_.Exec("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, "
                 "updated_at = ? WHERE id = ?",
                 {now, id}));
    return Ok();
}

Result<std::vector<std::pair<std::int64_t, TotpRow>>> UserRepository::TotpInTheClear(std::string_view sealed_prefix) {
    const std::string pattern = std::string(sealed_prefix) + "%";
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, totp_secret, totp_pending_secret FROM users WHERE "
                                              "(totp_secret IS NOT NULL AND totp_secret NOT LIKE ?) OR "
                                              "(totp_pending_secret IS NOT NULL AND totp_pending_secret NOT LIKE ?) "
                                              "ORDER BY id",
                                              {pattern, pattern}));
    std::vector<std::pair<std::int64_t, TotpRow>> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.emplace_back(r.Int(0), TotpRow{r.OptText(1), r.OptText(2), std::nullopt});
    return out;
}

Status UserRepository::ReplaceTotpSecrets(std::int64_t id, const std::optional<std::string>& secret,
                                          const std::optional<std::string>& pending_secret) {
    ENT_TRY(tx_.Exec("UPDATE users SET totp_secret = ?, totp_pending_secret = ? WHERE id = ?",
                     {Opt(secret), Opt(pending_secret), id}));
    return Ok();
}

Result<bool> UserRepository::UseTotpStep(std::int64_t id, std::int64_t step) {
    ENT_ASSIGN_OR_RETURN(auto changed, tx_.Exec("UPDATE users SET totp_last_step = ? WHERE id = ? AND "
                                                "(totp_last_step IS NULL OR totp_last_step < ?)",
                                                {step, id, step}));
    return changed == 1;
}

}  // namespace entitled::storage
