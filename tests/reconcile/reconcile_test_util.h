// Helpers for the reconcile tests: a migrated store with one cell, and the
// stored results in report form.
#ifndef CARDEX_TESTS_RECONCILE_RECONCILE_TEST_UTIL_H_
#define CARDEX_TESTS_RECONCILE_RECONCILE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cardex/reconcile/reconcile.h"
#include "cardex/store/store.h"

namespace cardex::testing {

// Opens `spec` and migrates it; adds a province and one cell "C1".
inline std::unique_ptr<Store> OpenReconcileStore(const std::string& spec) {
  auto opened = OpenStore(spec);
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  if (!opened.ok()) return nullptr;
  std::unique_ptr<Store> store = std::move(opened).value();
  Status s = store->Migrate();
  EXPECT_TRUE(s.ok()) << s.message();
  std::vector<Unit> units = {{"P", "", "province", "Province"}, {"C1", "P", "cell", "Cell"}};
  s = store->UpsertUnits(units);
  EXPECT_TRUE(s.ok()) << s.message();
  return store;
}

inline Member MakeMember(std::string no, std::string id, std::string name, std::string date,
                         std::string gender) {
  Member m;
  m.member_no = std::move(no);
  m.citizen_id = std::move(id);
  m.full_name = std::move(name);
  m.birth_date = std::move(date);
  m.gender = std::move(gender);
  m.unit_code = "C1";
  m.status = "official";
  return m;
}

// "member_no,verdict,fields,suggested_citizen_id" per stored result.
inline std::vector<std::string> StoredReport(Store& store) {
  std::vector<std::string> rows;
  Status s = store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    rows.push_back(r.member_no + "," + std::string(VerdictName(r.verdict)) + "," +
                   FieldsText(r.fields) + "," + r.suggested_citizen_id);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return rows;
}

// `second_spec`: the database again, opened read-only twice as the
// registry's own connections (as `cardex reconcile` does); "" for none.
inline reconcile::ReconcileSummary MustReconcile(Store& store, bool full,
                                                 const std::string& report = "",
                                                 const std::string& second_spec = "") {
  std::unique_ptr<Store> readers[2];
  if (!second_spec.empty()) {
    StoreOptions read_only;
    read_only.read_only = true;
    for (auto& reader : readers) {
      auto opened = OpenStore(second_spec, read_only);
      EXPECT_TRUE(opened.ok()) << opened.status().message();
      if (opened.ok()) reader = std::move(opened).value();
    }
  }
  auto registry =
      reconcile::MakeStoreRegistry(store, std::move(readers[0]), std::move(readers[1]));
  reconcile::ReconcileOptions options;
  options.full = full;
  options.report_path = report;
  auto summary = reconcile::Reconcile(store, *registry, options);
  EXPECT_TRUE(summary.ok()) << summary.status().message();
  return summary.ok() ? *summary : reconcile::ReconcileSummary{};
}

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_RECONCILE_RECONCILE_TEST_UTIL_H_
