// Shared by the speech test binaries (speech_recognition_test,
// speech_synthesis_test).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace spar::testing::detail {

// One model cache for the speech test binaries (and the spar processes they
// start), so the bank's LM is built once, not per test.
class CacheEnv : public ::testing::Environment {
 public:
  void SetUp() override {
    setenv("XDG_CACHE_HOME",
           (std::filesystem::path(SPAR_BINARY).parent_path() / "test-cache").c_str(), 1);
  }
};

}  // namespace spar::testing::detail
