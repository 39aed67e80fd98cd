#include "registry/answer_cache.h"

#include <algorithm>
#include <unordered_map>

#include "cardex/core/dates.h"
#include "cardex/store/sql.h"

namespace cardex::registry {
namespace {

// Parameters per statement: well under SQLite's and PostgreSQL's limits.
constexpr size_t kChunk = 400;

std::string Placeholders(size_t rows, size_t columns) {
  std::string s;
  for (size_t r = 0; r < rows; ++r) {
    s += r ? ",(" : "(";
    for (size_t c = 0; c < columns; ++c) s += c ? ",?" : "?";
    s += ")";
  }
  return s;
}

std::string InList(size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s + ")";
}

}  // namespace

std::string AnswerCache::QueryKey(std::string_view full_name, std::string_view birth_date,
                                  std::string_view gender) {
  std::string key;
  key.reserve(full_name.size() + birth_date.size() + gender.size() + 2);
  key.append(full_name).append(1, '\x1f').append(birth_date).append(1, '\x1f').append(gender);
  return key;
}

Status AnswerCache::LookupIds(std::span<const int64_t> ids, std::vector<IdState>* state,
                              std::vector<wire::Row>* rows) {
  state->assign(ids.size(), IdState::kMissing);
  rows->assign(ids.size(), wire::Row());
  std::unordered_map<int64_t, size_t> where;
  where.reserve(ids.size());
  for (size_t k = 0; k < ids.size(); ++k) where.emplace(ids[k], k);
  std::vector<SqlParam> params;
  for (size_t at = 0; at < ids.size(); at += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - at);
    params.clear();
    params.emplace_back(std::string_view(since_));
    for (size_t k = at; k < at + n; ++k) params.emplace_back(ids[k]);
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows found,
        store_.Query("SELECT citizen_id, found, full_name, birth_date, gender, deceased_on "
                     "FROM registry_cache_ids WHERE fetched_at >= ? AND citizen_id IN " +
                         InList(n),
                     params));
    for (size_t r = 0; r < found.size(); ++r) {
      auto it = where.find(found.Int(r, 0));
      if (it == where.end()) continue;
      const size_t k = it->second;
      if (found.Int(r, 1) == 0) {
        (*state)[k] = IdState::kAbsent;
        continue;
      }
      (*state)[k] = IdState::kFound;
      wire::Row& row = (*rows)[k];
      row.citizen_id = ids[k];
      row.full_name = found.Text(r, 2);
      row.birth_date = found.Text(r, 3);
      row.gender = found.Text(r, 4);
      row.deceased_on = found.Text(r, 5);
    }
  }
  return Status::Ok();
}

Status AnswerCache::LookupQueries(std::span<const std::string> keys,
                                  std::vector<std::optional<std::vector<wire::Row>>>* found) {
  found->assign(keys.size(), std::nullopt);
  std::unordered_map<std::string_view, size_t> where;
  for (size_t k = 0; k < keys.size(); ++k) where.emplace(keys[k], k);
  std::vector<SqlParam> params;
  for (size_t at = 0; at < keys.size(); at += kChunk) {
    const size_t n = std::min(kChunk, keys.size() - at);
    params.clear();
    params.emplace_back(std::string_view(since_));
    for (size_t k = at; k < at + n; ++k) params.emplace_back(std::string_view(keys[k]));
    CARDEX_ASSIGN_OR_RETURN(SqlRows rows,
                            store_.Query("SELECT query_key, answer FROM registry_cache_queries "
                                         "WHERE fetched_at >= ? AND query_key IN " +
                                             InList(n),
                                         params));
    for (size_t r = 0; r < rows.size(); ++r) {
      auto it = where.find(rows.Text(r, 0));
      if (it == where.end()) continue;
      CARDEX_ASSIGN_OR_RETURN(std::vector<wire::Row> answer, wire::DecodeRows(rows.Text(r, 1)));
      (*found)[it->second] = std::move(answer);
    }
  }
  return Status::Ok();
}

Status AnswerCache::StoreIds(std::span<const int64_t> ids,
                             std::span<const wire::Row* const> rows) {
  if (ids.empty()) return Status::Ok();
  const std::string now = UtcNowText();
  static const wire::Row kNone;
  Transaction txn(store_);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  std::vector<SqlParam> params;
  constexpr size_t kRows = kChunk / 7;
  for (size_t at = 0; at < ids.size(); at += kRows) {
    const size_t n = std::min(kRows, ids.size() - at);
    params.clear();
    for (size_t k = at; k < at + n; ++k) {
      const wire::Row& r = rows[k] ? *rows[k] : kNone;
      params.emplace_back(ids[k]);
      params.emplace_back(int64_t{rows[k] != nullptr});
      params.emplace_back(std::string_view(r.full_name));
      params.emplace_back(std::string_view(r.birth_date));
      params.emplace_back(std::string_view(r.gender));
      params.emplace_back(std::string_view(r.deceased_on));
      params.emplace_back(std::string_view(now));
    }
    CARDEX_RETURN_IF_ERROR(
        store_
            .Query("INSERT INTO registry_cache_ids (citizen_id, found, full_name, birth_date, "
                   "gender, deceased_on, fetched_at) VALUES " +
                       Placeholders(n, 7) +
                       " ON CONFLICT (citizen_id) DO UPDATE SET found = excluded.found, "
                       "full_name = excluded.full_name, birth_date = excluded.birth_date, "
                       "gender = excluded.gender, deceased_on = excluded.deceased_on, "
                       "fetched_at = excluded.fetched_at",
                   params)
            .status());
  }
  return txn.Commit();
}

Status AnswerCache::StoreQueries(std::span<const std::string> keys,
                                 std::span<const std::vector<wire::Row>* const> answers) {
  if (keys.empty()) return Status::Ok();
  const std::string now = UtcNowText();
  Transaction txn(store_);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  std::vector<std::string> encoded;
  std::vector<SqlParam> params;
  constexpr size_t kRows = kChunk / 3;
  for (size_t at = 0; at < keys.size(); at += kRows) {
    const size_t n = std::min(kRows, keys.size() - at);
    encoded.clear();
    for (size_t k = at; k < at + n; ++k) encoded.push_back(wire::EncodeRows(*answers[k]));
    params.clear();
    for (size_t k = at; k < at + n; ++k) {
      params.emplace_back(std::string_view(keys[k]));
      params.emplace_back(std::string_view(encoded[k - at]));
      params.emplace_back(std::string_view(now));
    }
    CARDEX_RETURN_IF_ERROR(
        store_
            .Query("INSERT INTO registry_cache_queries (query_key, answer, fetched_at) VALUES " +
                       Placeholders(n, 3) +
                       " ON CONFLICT (query_key) DO UPDATE SET answer = excluded.answer, "
                       "fetched_at = excluded.fetched_at",
                   params)
            .status());
  }
  return txn.Commit();
}

}  // namespace cardex::registry
