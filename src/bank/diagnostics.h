// Problems found while loading or linting a bank, reported as
// "path:line: message" so editors and people can jump to them.
#pragma once

#include <string>
#include <vector>

namespace spar::bank {

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem concerns the whole file
  std::string message;
  std::string str() const { return file + ":" + std::to_string(line) + ": " + message; }
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace spar::bank
