// PgStore: scans of the five record kinds, through a server-side cursor.
#include <charconv>
#include <string>

#include "pg_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

// Rows per FETCH: large enough that round trips do not dominate, small
// enough that a block of members stays a few MiB.
constexpr int kFetchRows = 10000;

std::string_view Value(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col))};
}

int64_t IntValue(const PGresult* r, int row, int col) {
  std::string_view v = Value(r, row, col);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

}  // namespace

template <class RowFn>
Status PgStore::ScanRows(const std::string& select_sql, RowFn&& row) {
  bool own_tx = !TransactionOpen();
  if (own_tx) CARDEX_RETURN_IF_ERROR(Exec("BEGIN", "starting a scan").status());
  std::string cursor = "cardex_scan_" + std::to_string(++cursor_seq_);
  Status s = Exec("DECLARE " + cursor + " NO SCROLL CURSOR FOR " + select_sql, "starting a scan")
                 .status();
  if (s.ok()) {
    ++scans_open_;
    std::string fetch = "FETCH " + std::to_string(kFetchRows) + " FROM " + cursor;
    while (s.ok()) {
      Result<PgResult> block = Exec(fetch, "reading rows");
      if (!block.ok()) {
        s = block.status();
        break;
      }
      const PGresult* r = block->get();
      int n = PQntuples(r);
      for (int i = 0; i < n && s.ok(); ++i) s = row(r, i);
      if (n < kFetchRows) break;
    }
    --scans_open_;
    if (PQtransactionStatus(conn_) == PQTRANS_INTRANS) {
      Status closed = Exec("CLOSE " + cursor, "ending a scan").status();
      if (s.ok()) s = closed;
    }
  }
  if (own_tx && !TransactionOpen()) {
    // Commit even when the visitor stopped early: writes it made outside
    // Begin() were each meant to be committed.
    Status committed = ExecCommit();
    if (!committed.ok() && PQtransactionStatus(conn_) != PQTRANS_IDLE) {
      PQclear(PQexec(conn_, "ROLLBACK"));
    }
    if (s.ok()) s = committed;
  }
  return s;
}

Status PgStore::ScanUnits(const Visitor<Unit>& fn) {
  Unit u;
  return ScanRows("SELECT code, parent_code, kind, name FROM units ORDER BY code",
                  [&](const PGresult* r, int i) {
                    u.code = Value(r, i, 0);
                    u.parent_code = Value(r, i, 1);
                    u.kind = Value(r, i, 2);
                    u.name = Value(r, i, 3);
                    return fn(u);
                  });
}

Status PgStore::ScanMembers(const Visitor<Member>& fn) {
  Member m;
  return ScanRows(
      "SELECT member_no, citizen_id, full_name, birth_date, gender, unit_code, status, phone, "
      "home_visit FROM members ORDER BY member_no",
      [&](const PGresult* r, int i) {
        m.member_no = Value(r, i, 0);
        m.citizen_id = Value(r, i, 1);
        m.full_name = Value(r, i, 2);
        m.birth_date = Value(r, i, 3);
        m.gender = Value(r, i, 4);
        m.unit_code = Value(r, i, 5);
        m.status = Value(r, i, 6);
        m.phone = Value(r, i, 7);
        m.home_visit = IntValue(r, i, 8) != 0;
        return fn(m);
      });
}

Status PgStore::ScanCitizens(const Visitor<Citizen>& fn) {
  Citizen c;
  return ScanRows(
      "SELECT citizen_id, full_name, birth_date, gender, origin, deceased_on FROM citizens "
      "ORDER BY citizen_id",
      [&](const PGresult* r, int i) {
        UnpackCitizenId(IntValue(r, i, 0), &c.citizen_id);
        c.full_name = Value(r, i, 1);
        c.birth_date = Value(r, i, 2);
        c.gender = Value(r, i, 3);
        c.origin = Value(r, i, 4);
        c.deceased_on = Value(r, i, 5);
        return fn(c);
      });
}

Status PgStore::ScanStations(const Visitor<Station>& fn) {
  Station st;
  return ScanRows(
      "SELECT code, name, counters, minutes_per_member, serves FROM stations ORDER BY code",
      [&](const PGresult* r, int i) {
        st.code = Value(r, i, 0);
        st.name = Value(r, i, 1);
        st.counters = static_cast<int>(IntValue(r, i, 2));
        st.minutes_per_member = static_cast<int>(IntValue(r, i, 3));
        SplitServes(Value(r, i, 4), &st.serves);
        return fn(st);
      });
}

Status PgStore::ScanShifts(const Visitor<Shift>& fn) {
  Shift sh;
  return ScanRows(
      "SELECT station_code, date, start_time, end_time, kind FROM shifts "
      "ORDER BY station_code, date, start_time",
      [&](const PGresult* r, int i) {
        sh.station_code = Value(r, i, 0);
        sh.date = Value(r, i, 1);
        sh.start = Value(r, i, 2);
        sh.end = Value(r, i, 3);
        sh.kind = Value(r, i, 4);
        return fn(sh);
      });
}

}  // namespace cardex::store_internal

namespace cardex::store_internal {

// --- Schema v2: reconciliation reads. ---

Status PgStore::ScanMembersForReconcile(const MemberRevisionVisitor& fn) {
  Member m;
  return ScanRows(
      "SELECT m.member_no, coalesce(s.citizen_id, m.citizen_id), "
      "coalesce(s.full_name, m.full_name), coalesce(s.birth_date, m.birth_date), "
      "coalesce(s.gender, m.gender), m.unit_code, m.status, m.phone, m.home_visit, m.rev "
      "FROM members m LEFT JOIN member_standard s ON s.member_no = m.member_no "
      "ORDER BY m.member_no",
      [&](const PGresult* r, int i) {
        m.member_no = Value(r, i, 0);
        m.citizen_id = Value(r, i, 1);
        m.full_name = Value(r, i, 2);
        m.birth_date = Value(r, i, 3);
        m.gender = Value(r, i, 4);
        m.unit_code = Value(r, i, 5);
        m.status = Value(r, i, 6);
        m.phone = Value(r, i, 7);
        m.home_visit = IntValue(r, i, 8) != 0;
        return fn(m, IntValue(r, i, 9));
      });
}

Status PgStore::ScanCitizenViews(int64_t after_revision, const Visitor<CitizenView>& fn) {
  if (after_revision >= 0) {
    CARDEX_ASSIGN_OR_RETURN(
        PgResult newest, Exec("SELECT revision FROM table_revisions WHERE table_name = 'citizens'",
                              "reading the citizens' revision"));
    if (PQntuples(newest.get()) == 1 && IntValue(newest.get(), 0, 0) <= after_revision) {
      return Status::Ok();
    }
  }
  std::string sql = "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev FROM citizens ";
  // No ORDER BY: a cursor plans for the first rows and would walk the
  // primary key index, visiting the heap at random.
  if (after_revision >= 0) sql += "WHERE rev > " + std::to_string(after_revision);
  CitizenView c;
  return ScanRows(sql, [&](const PGresult* r, int i) {
    c.citizen_id = IntValue(r, i, 0);
    c.full_name = Value(r, i, 1);
    c.birth_date = Value(r, i, 2);
    c.gender = Value(r, i, 3);
    c.deceased_on = Value(r, i, 4);
    c.revision = IntValue(r, i, 5);
    return fn(c);
  });
}

Status PgStore::ScanReconcileResults(const Visitor<ReconcileResultRow>& fn) {
  ReconcileResultRow row;
  return ScanRows(
      "SELECT member_no, run_id, verdict, fields, suggested_citizen_id, registry_full_name, "
      "registry_birth_date, registry_gender, registry_deceased_on, suggestion_reasons "
      "FROM reconcile_results "
      "ORDER BY member_no",
      [&](const PGresult* r, int i) {
        row.member_no = Value(r, i, 0);
        row.run_id = IntValue(r, i, 1);
        auto verdict = ParseVerdict(Value(r, i, 2));
        auto fields = ParseFields(Value(r, i, 3));
        if (!verdict || !fields) return Status::Internal("reconcile_results holds an unknown verdict");
        row.verdict = *verdict;
        row.fields = *fields;
        row.suggested_citizen_id = Value(r, i, 4);
        row.registry_full_name = Value(r, i, 5);
        row.registry_birth_date = Value(r, i, 6);
        row.registry_gender = Value(r, i, 7);
        row.registry_deceased_on = Value(r, i, 8);
        row.suggestion_reasons = Value(r, i, 9);
        return fn(row);
      });
}

}  // namespace cardex::store_internal
