#include "bank/yaml_reader.h"

#include <set>

namespace spar::bank {

void YamlReader::error(const YAML::Node& at, const std::string& message) {
  out_.push_back(Diagnostic{file_, line_of(at), message});
}

void YamlReader::error(int line, const std::string& message) {
  out_.push_back(Diagnostic{file_, line, message});
}

bool YamlReader::check_map(const YAML::Node& map, std::initializer_list<const char*> allowed,
                           const std::string& what) {
  if (!map.IsMap()) {
    error(map, what + ": expected a mapping of fields");
    return false;
  }
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    bool ok = false;
    for (auto* a : allowed)
      if (key == a) ok = true;
    if (!ok) {
      std::string list;
      for (auto* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      error(it->first, what + ": unknown field '" + key + "' (allowed: " + list + ")");
    }
    if (!seen.insert(key).second) error(it->first, what + ": duplicate field '" + key + "'");
  }
  return true;
}

std::optional<std::string> YamlReader::str(const YAML::Node& map, const char* key, bool required,
                                           const std::string& what) {
  const YAML::Node v = map[key];
  if (!v || v.IsNull()) {
    if (required) error(map, what + ": missing required field '" + key + "'");
    return std::nullopt;
  }
  if (!v.IsScalar()) {
    error(v, what + ": field '" + key + "' must be a string");
    return std::nullopt;
  }
  if (v.Scalar().find_first_not_of(" \t\r\n") == std::string::npos) {
    error(v, what + ": field '" + key + "' is empty");
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<double> YamlReader::num(const YAML::Node& map, const char* key, bool required,
                                      const std::string& what) {
  const YAML::Node v = map[key];
  if (!v || v.IsNull()) {
    if (required) error(map, what + ": missing required field '" + key + "'");
    return std::nullopt;
  }
  double d = 0;
  if (!v.IsScalar() || !YAML::convert<double>::decode(v, d)) {
    error(v, what + ": field '" + key + "' must be a number");
    return std::nullopt;
  }
  return d;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const char* key,
                                        const std::string& what) {
  const YAML::Node v = map[key];
  if (!v || v.IsNull()) return std::nullopt;
  bool b = false;
  if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b)) {
    error(v, what + ": field '" + key + "' must be true or false");
    return std::nullopt;
  }
  return b;
}

std::optional<std::vector<std::string>> YamlReader::str_list(const YAML::Node& map, const char* key,
                                                             bool required,
                                                             const std::string& what) {
  const YAML::Node v = map[key];
  if (!v || v.IsNull()) {
    if (required) error(map, what + ": missing required field '" + key + "'");
    return std::nullopt;
  }
  if (!v.IsSequence()) {
    error(v, what + ": field '" + key + "' must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> r;
  for (const auto& e : v) {
    if (!e.IsScalar() || e.Scalar().empty()) {
      error(e, what + ": every entry of '" + key + "' must be a non-empty string");
      continue;
    }
    r.push_back(e.Scalar());
  }
  return r;
}

std::optional<YAML::Node> YamlReader::seq(const YAML::Node& map, const char* key, bool required,
                                          const std::string& what) {
  const YAML::Node v = map[key];
  if (!v || v.IsNull()) {
    if (required) error(map, what + ": missing required field '" + key + "'");
    return std::nullopt;
  }
  if (!v.IsSequence()) {
    error(v, what + ": field '" + key + "' must be a list");
    return std::nullopt;
  }
  return v;
}

}  // namespace spar::bank
