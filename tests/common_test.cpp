// The error type every layer returns: callers branch on its code.
#include <gtest/gtest.h>

#include "common/result.h"

namespace spar {
namespace {

Result<int> parse_port(const std::string& s) {
  if (s.empty()) return make_error(ErrorCode::not_found, "no port given");
  if (s == "x") return make_error("port 'x' is not a number");
  return std::stoi(s);
}

TEST(ErrorCodes, CarriedWithTheMessage) {
  auto r = parse_port("");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), ErrorCode::not_found);
  EXPECT_EQ(r.error(), "no port given");
  EXPECT_EQ(r.failure().code, ErrorCode::not_found);
}

TEST(ErrorCodes, PlainMessageMeansInvalidInput) {
  auto r = parse_port("x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), ErrorCode::invalid);
  EXPECT_EQ(r.error(), "port 'x' is not a number");
}

TEST(ErrorCodes, PassedOnUnchanged) {
  auto inner = parse_port("");
  Status outer = inner.failure();
  EXPECT_EQ(outer.code(), ErrorCode::not_found);
  EXPECT_EQ(outer.error(), "no port given");
}

TEST(ErrorCodes, NamesForLogsAndJson) {
  EXPECT_EQ(error_code_name(ErrorCode::invalid), "invalid");
  EXPECT_EQ(error_code_name(ErrorCode::not_found), "not_found");
  EXPECT_EQ(error_code_name(ErrorCode::conflict), "conflict");
  EXPECT_EQ(error_code_name(ErrorCode::taken), "taken");
  EXPECT_EQ(error_code_name(ErrorCode::corrupt), "corrupt");
  EXPECT_EQ(error_code_name(ErrorCode::unavailable), "unavailable");
  EXPECT_EQ(error_code_name(ErrorCode::io), "io");
  EXPECT_EQ(error_code_name(ErrorCode::internal), "internal");
}

}  // namespace
}  // namespace spar
