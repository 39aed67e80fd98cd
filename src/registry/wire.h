// The registry service's wire format (docs/registry_service.md, "Wire
// format"; docs/registry_service.yaml): JSON bodies of the two questions
// and their answer pages, both ways (the client encodes requests and
// decodes pages; the test service does the reverse).
//
// Errors: Decode* return kInvalidArgument naming the field that is wrong
// (never its value: ids and names are personal data).
#ifndef CARDEX_SRC_REGISTRY_WIRE_H_
#define CARDEX_SRC_REGISTRY_WIRE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/reconcile/registry.h"

namespace cardex::registry::wire {

inline constexpr std::string_view kLookupPath = "/v1/citizens:lookup";
inline constexpr std::string_view kCandidatesPath = "/v1/citizens:candidates";

// Ids are sent and received as 12-digit strings (leading zeros matter).
std::string FormatId(int64_t id);
// -1 unless `text` is exactly 12 digits.
int64_t ParseId(std::string_view text);

// One citizen of an answer; `query` is the index of the query it answers
// (candidates), -1 for a lookup.
struct Row {
  int64_t query = -1;
  int64_t citizen_id = 0;
  std::string full_name, birth_date, gender, deceased_on;
};

// One page: its rows, the answer's total over all pages, and the token of
// the next page ("" after the last).
struct Page {
  std::vector<Row> rows;
  int64_t total = 0;
  std::string next_page_token;
};

std::string EncodeLookupRequest(std::span<const int64_t> ids, std::string_view page_token);
std::string EncodeCandidatesRequest(std::span<const reconcile::CandidateQuery> queries,
                                    std::string_view page_token);
Result<Page> DecodeLookupPage(std::string_view body);
Result<Page> DecodeCandidatesPage(std::string_view body);

// The service's side.
struct LookupRequest {
  std::vector<int64_t> ids;
  std::string page_token;
};
struct CandidatesRequest {
  std::vector<std::string> names, dates, genders;  // one per query
  std::string page_token;
};
Result<LookupRequest> DecodeLookupRequest(std::string_view body);
Result<CandidatesRequest> DecodeCandidatesRequest(std::string_view body);
std::string EncodeLookupPage(std::span<const Row> rows, int64_t total,
                             std::string_view next_page_token);
std::string EncodeCandidatesPage(std::span<const Row> rows, int64_t total,
                                 std::string_view next_page_token);
std::string EncodeError(std::string_view message);

// A cached candidates answer: the rows of one query (`query` ignored), as
// a JSON list, and back.
std::string EncodeRows(std::span<const Row> rows);
Result<std::vector<Row>> DecodeRows(std::string_view json);

}  // namespace cardex::registry::wire

#endif  // CARDEX_SRC_REGISTRY_WIRE_H_
