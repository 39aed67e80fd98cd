#include "reconcile/member_table.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "cardex/core/citizen_id.h"
#include "cardex/reconcile/match_reasons.h"
#include "cardex/io/csv.h"

namespace cardex::reconcile {

Status LoadMembers(Store& store, std::vector<MemberRow>* members) {
  members->clear();
  CARDEX_RETURN_IF_ERROR(store.ScanMembersForReconcile([&](const Member& m, int64_t revision) {
    MemberRow row;
    row.member_no = m.member_no;
    row.citizen_id = m.citizen_id;
    row.full_name = m.full_name;
    row.birth_date = m.birth_date;
    row.gender = m.gender;
    row.revision = revision;
    if (IsWellFormedCitizenId(row.citizen_id))
      row.id = static_cast<int64_t>(std::stoll(row.citizen_id));
    members->push_back(std::move(row));
    return Status::Ok();
  }));
  // duplicate_id: sort (id, member) pairs and mark every run longer than one.
  std::vector<std::pair<int64_t, uint32_t>> ids;
  ids.reserve(members->size());
  for (size_t i = 0; i < members->size(); ++i) {
    if ((*members)[i].id >= 0) ids.emplace_back((*members)[i].id, static_cast<uint32_t>(i));
  }
  std::sort(ids.begin(), ids.end());
  for (size_t i = 0; i < ids.size();) {
    size_t j = i + 1;
    while (j < ids.size() && ids[j].first == ids[i].first) ++j;
    if (j - i > 1) {
      for (size_t k = i; k < j; ++k) (*members)[ids[k].second].duplicate = true;
    }
    i = j;
  }
  return Status::Ok();
}

Status LoadStoredResults(Store& store, const std::vector<MemberRow>& members,
                         std::vector<ReconcileResultRow>* results, std::vector<bool>* stored) {
  results->assign(members.size(), ReconcileResultRow());
  stored->assign(members.size(), false);
  size_t i = 0;
  // Both are in member_no order: a merge.
  return store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    while (i < members.size() && members[i].member_no < r.member_no) ++i;
    if (i < members.size() && members[i].member_no == r.member_no) {
      (*results)[i] = r;
      (*stored)[i] = true;
    }
    return Status::Ok();
  });
}

std::string FormatCitizenId(int64_t id) {
  std::string out(12, '0');
  for (int i = 11; i >= 0 && id > 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>('0' + id % 10);
    id /= 10;
  }
  return out;
}

Status WriteReport(const std::vector<ReconcileResultRow>& results, const std::string& path) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  // formats.md's four columns, then two of our own (formats.md welcomes
  // extra columns): the suggestion's probability and its reasons.
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"member_no", "verdict", "fields", "suggested_citizen_id",
                                        "suggestion_probability", "suggestion_reasons"}));
  std::string fields, probability;
  for (const ReconcileResultRow& r : results) {
    fields = FieldsText(r.fields);
    probability.clear();
    if (!r.suggestion_reasons.empty()) {
      auto reasons = DecodeMatchReasons(r.suggestion_reasons);
      if (reasons.ok()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.5f", reasons->probability);
        probability = buf;
      }
    }
    CARDEX_RETURN_IF_ERROR(out->WriteRow({r.member_no, VerdictName(r.verdict), fields,
                                          r.suggested_citizen_id, probability,
                                          r.suggestion_reasons}));
  }
  return out->Close();
}

}  // namespace cardex::reconcile
