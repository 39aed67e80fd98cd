// Routes: a method and a path pattern whose `{name}` segments capture one
// path segment each ("/api/members/{member_no}/steps"). Matching is exact
// per segment; a path that matches a pattern under another method is a 405.
#ifndef CARDEX_HTTP_ROUTER_H_
#define CARDEX_HTTP_ROUTER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cardex::http {

using PathParams = std::map<std::string, std::string>;

template <class Route>
class Router {
 public:
  void Add(std::string method, std::string_view pattern, Route route) {
    entries_.push_back({std::move(method), Split(pattern), std::move(route)});
  }

  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  struct Match {
    Outcome outcome = Outcome::kNotFound;
    const Route* route = nullptr;
    PathParams params;
    std::string allowed;  // for 405: "GET, POST"
  };

  Match Find(std::string_view method, std::string_view path) const {
    Match out;
    std::vector<std::string_view> segments = Split(path);
    for (const Entry& e : entries_) {
      PathParams params;
      if (!Matches(e.segments, segments, &params)) continue;
      if (e.method == method) {
        out.outcome = Outcome::kFound;
        out.route = &e.route;
        out.params = std::move(params);
        return out;
      }
      out.outcome = Outcome::kMethodNotAllowed;
      if (!out.allowed.empty()) out.allowed += ", ";
      out.allowed += e.method;
    }
    return out;
  }

  // Every (method, pattern) added, for documentation tests.
  std::vector<std::pair<std::string, std::string>> List() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Entry& e : entries_) {
      std::string pattern;
      for (const auto& s : e.segments) pattern += "/" + std::string(s);
      out.emplace_back(e.method, pattern.empty() ? "/" : pattern);
    }
    return out;
  }

 private:
  struct Entry {
    std::string method;
    std::vector<std::string_view> segments;  // views into patterns (string literals)
    Route route;
  };

  static std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < path.size()) {
      if (path[i] == '/') {
        ++i;
        continue;
      }
      size_t end = path.find('/', i);
      if (end == std::string_view::npos) end = path.size();
      out.push_back(path.substr(i, end - i));
      i = end;
    }
    return out;
  }

  static bool Matches(const std::vector<std::string_view>& pattern,
                      const std::vector<std::string_view>& path, PathParams* params) {
    if (pattern.size() != path.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
      std::string_view p = pattern[i];
      if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
        (*params)[std::string(p.substr(1, p.size() - 2))] = std::string(path[i]);
      } else if (p != path[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Entry> entries_;
};

}  // namespace cardex::http

#endif  // CARDEX_HTTP_ROUTER_H_
