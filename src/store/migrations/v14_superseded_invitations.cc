#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v14: invitation codes a re-plan or a catch-up replaced. Members
// keep printed invitations; a superseded code shown at the desk still finds
// the member (whose current appointment the desk then shows). One row per
// old code: a code names one appointment of one member.
constexpr std::string_view kSqliteV14 = R"sql(
CREATE TABLE superseded_invitations (
  invitation_code TEXT NOT NULL PRIMARY KEY,
  member_no       TEXT NOT NULL,
  plan_run        INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV14 = R"sql(
CREATE TABLE superseded_invitations (
  invitation_code TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  member_no       TEXT COLLATE "C" NOT NULL,
  plan_run        BIGINT NOT NULL
);
)sql";

}  // namespace

extern const Migration kMigrationV14 = {14, "superseded invitation codes", kSqliteV14, kPostgresV14};

}  // namespace cardex::store_internal
