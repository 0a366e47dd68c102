// Strict, never-throwing access to one YAML document, recording every problem
// (unknown field, missing field, wrong type) as a Diagnostic with its line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "bank/diagnostics.h"

namespace spar::bank {

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& out) : file_(std::move(file)), out_(out) {}

  const std::string& file() const { return file_; }
  static int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }
  void error(const YAML::Node& at, const std::string& message);
  void error(int line, const std::string& message);

  // Checks that `map` is a mapping whose keys are all in `allowed`; reports
  // unknown and duplicated keys. Returns false if `map` is not a mapping.
  bool check_map(const YAML::Node& map, std::initializer_list<const char*> allowed,
                 const std::string& what);

  // Field accessors: report a missing required field or a wrong type and
  // return nullopt. `what` names the enclosing object in messages.
  std::optional<std::string> str(const YAML::Node& map, const char* key, bool required,
                                 const std::string& what);
  std::optional<double> num(const YAML::Node& map, const char* key, bool required,
                            const std::string& what);
  std::optional<bool> boolean(const YAML::Node& map, const char* key, const std::string& what);
  // A list of strings; a single string is not accepted.
  std::optional<std::vector<std::string>> str_list(const YAML::Node& map, const char* key,
                                                   bool required, const std::string& what);
  // A sequence node (for lists of objects); nullopt if absent or not a list.
  std::optional<YAML::Node> seq(const YAML::Node& map, const char* key, bool required,
                                const std::string& what);

 private:
  std::string file_;
  Diagnostics& out_;
};

}  // namespace spar::bank
