#include "storage/postgres/pg_database.hpp"

#include <gtest/gtest.h>

namespace entitled::storage::postgres {
namespace {

TEST(RewritePlaceholders, NumbersQuestionMarksOutsideQuotes) {
    EXPECT_EQ(RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c = ?"), "SELECT a FROM t WHERE b = $1 AND c = $2");
    EXPECT_EQ(RewritePlaceholders("SELECT '?' , \"?\" FROM t WHERE x = ?"), "SELECT '?' , \"?\" FROM t WHERE x = $1");
    EXPECT_EQ(RewritePlaceholders("SELECT 'it''s ?' WHERE y = ?"), "SELECT 'it''s ?' WHERE y = $1");
}

}  // namespace
}  // namespace entitled::storage::postgres
