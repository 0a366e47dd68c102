// Internal to the interviewer: the helper that engine.cpp and the probing
// policies (knowledge_policy.cpp, design_policy.cpp) share.
#pragma once

#include <string>
#include <vector>

namespace spar::interview::detail {

bool contains(const std::vector<std::string>& v, const std::string& x);

}  // namespace spar::interview::detail
