// Portable SQL: statements that both engines run as written.
//
// The typed Store methods (imports, reconciliation, appointments) are tuned
// per engine because they move millions of rows. The reception-day
// capabilities (accounts, the exchange, cards, progress) move a few rows per
// request, so they write one SQL text for both engines instead of two
// implementations of every method. The dialect is the common subset of
// SQLite 3.40 and PostgreSQL 15:
//   - `?` placeholders, numbered left to right (never inside string
//     literals: the PostgreSQL side rewrites them to $1, $2, ...);
//   - INSERT ... ON CONFLICT (...) DO UPDATE / DO NOTHING, RETURNING;
//   - INTEGER/BIGINT, TEXT and blob columns (BLOB / bytea, see the schema);
//   - no engine functions for time: callers pass UTC text.
// The tables these statements use are created by the schema migrations
// (src/store/migrations/), where the two dialects may differ.
#ifndef CARDEX_STORE_SQL_H_
#define CARDEX_STORE_SQL_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cardex/core/status.h"

namespace cardex {

// The opening of a portable statement over a unit and its ancestors: binds
// the unit's code as its first parameter and names the rows
// `chain(code, parent_code, depth)`, depth 0 the unit itself (no row when
// the tree does not hold it); 32 levels at most, a guard against a cycle.
// Follow it with the SELECT that uses them.
inline constexpr std::string_view kUnitChainCte =
    "WITH RECURSIVE chain (code, parent_code, depth) AS ("
    " SELECT code, parent_code, 0 FROM units WHERE code = ?"
    " UNION ALL SELECT u.code, u.parent_code, c.depth + 1 FROM units u"
    " JOIN chain c ON u.code = c.parent_code WHERE c.depth < 32)";

// Bytes bound to a blob column (a photo, a signature).
struct SqlBlob {
  std::string_view bytes;
};

// A bound parameter. Views must stay valid for the call.
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string_view, SqlBlob>;

// The rows a statement returned, copied out of the engine. Columns are read
// by index in the order of the SELECT / RETURNING list.
class SqlRows {
 public:
  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  bool IsNull(size_t row, size_t col) const { return !rows_[row][col].has_value(); }
  // Text of the cell ("" for NULL).
  std::string_view Text(size_t row, size_t col) const;
  // The cell as an integer (0 for NULL or text that is not one).
  int64_t Int(size_t row, size_t col) const;
  // The bytes of a blob column.
  std::string Blob(size_t row, size_t col) const;
  // Rows a write changed (INSERT/UPDATE/DELETE without RETURNING).
  int64_t affected() const { return affected_; }

  // For the store implementations.
  std::vector<std::vector<std::optional<std::string>>>& mutable_rows() { return rows_; }
  void set_affected(int64_t n) { affected_ = n; }
  void set_hex_blobs(bool hex) { hex_blobs_ = hex; }

 private:
  std::vector<std::vector<std::optional<std::string>>> rows_;
  int64_t affected_ = 0;
  bool hex_blobs_ = false;  // PostgreSQL text results spell bytea as \x<hex>
};

// The engine side of portable SQL, implemented by every Store.
//
// Errors: a unique-constraint violation is kAlreadyExists (so callers can
// tell a lost race from a fault); any other engine error is kInternal and
// names the statement's first words, never its parameters (they may hold
// personal data).
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual Result<SqlRows> Query(std::string_view sql, std::span<const SqlParam> params) = 0;

  Result<SqlRows> Query(std::string_view sql, std::initializer_list<SqlParam> params = {}) {
    return Query(sql, std::span<const SqlParam>(params.begin(), params.size()));
  }
  Status Exec(std::string_view sql, std::initializer_list<SqlParam> params = {}) {
    auto rows = Query(sql, params);
    return rows.ok() ? Status::Ok() : rows.status();
  }
};

}  // namespace cardex

#endif  // CARDEX_STORE_SQL_H_
