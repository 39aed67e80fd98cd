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
