// Checks a units file against the tree already stored: every parent exists
// (in the file or the database) and the merged tree has no cycle.
#ifndef CARDEX_INGEST_UNIT_TREE_H_
#define CARDEX_INGEST_UNIT_TREE_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "cardex/core/records.h"
#include "row_check.h"

namespace cardex::ingest {

struct UnitRow {
  Unit unit;
  int64_t line;
};

// `stored` maps code → parent_code for the units in the database; the file's
// rows replace stored units with the same code. Reports each unknown parent
// and each cycle (once, at the line of its first unit in file order).
void CheckUnitTree(const std::unordered_map<std::string, std::string>& stored,
                   const std::vector<UnitRow>& file_rows, RowErrors& errors);

}  // namespace cardex::ingest

#endif  // CARDEX_INGEST_UNIT_TREE_H_
