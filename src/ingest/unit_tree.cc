#include "unit_tree.h"

#include <unordered_set>

namespace cardex::ingest {

void CheckUnitTree(const std::unordered_map<std::string, std::string>& stored,
                   const std::vector<UnitRow>& file_rows, RowErrors& errors) {
  std::unordered_map<std::string, std::string> parent = stored;
  for (const auto& r : file_rows) parent[r.unit.code] = r.unit.parent_code;

  for (const auto& r : file_rows) {
    const std::string& p = r.unit.parent_code;
    if (p.empty()) continue;
    if (p == r.unit.code) {
      errors.Add(r.line, "parent_code", "a unit cannot be its own parent",
                 "một đơn vị không thể là đơn vị cấp trên của chính nó");
    } else if (!parent.count(p)) {
      errors.Add(r.line, "parent_code",
                 "unit '" + p + "' does not exist in the file or the database; expected the code of "
                 "a parent unit, or empty for a root",
                 "đơn vị '" + p + "' không có trong tệp hay trong cơ sở dữ liệu; cần mã của đơn vị "
                 "cấp trên, hoặc để trống với đơn vị cao nhất");
    }
  }

  // Walk up from each file unit. `done` holds codes known to reach a root.
  std::unordered_set<std::string> done;
  std::unordered_set<std::string> reported;
  for (const auto& r : file_rows) {
    std::vector<const std::string*> path;
    std::unordered_set<std::string> on_path;
    const std::string* code = &r.unit.code;
    bool cycle = false;
    while (true) {
      if (done.count(*code)) break;
      if (!on_path.insert(*code).second) {
        cycle = true;
        break;
      }
      path.push_back(code);
      auto it = parent.find(*code);
      if (it == parent.end() || it->second.empty() || it->second == *code) break;
      code = &it->second;
    }
    if (cycle) {
      if (!reported.count(*code)) {
        std::string ring = *code;
        reported.insert(*code);
        for (auto it = parent.find(*code); it->second != *code; it = parent.find(it->second)) {
          ring += " → " + it->second;
          reported.insert(it->second);
        }
        ring += " → " + *code;
        errors.Add(r.line, "parent_code", "the unit tree has a cycle: " + ring + "; expected a tree",
                   "cây đơn vị bị vòng lặp: " + ring);
      }
      continue;  // units on a cycle are never "done"
    }
    for (const auto* c : path) done.insert(*c);
  }
}

}  // namespace cardex::ingest
