// How the HTTP API answers failures from the layers below: by their code,
// never by searching their text.
#include <gtest/gtest.h>

#include "server/api.h"

namespace spar::server {
namespace {

nlohmann::json body(const Response& r) {
  return nlohmann::json::parse(r.body);
}

TEST(ApiErrors, StatusFollowsTheCode) {
  struct Case {
    ErrorCode code;
    int status;
    const char* json_code;
  };
  for (const auto& c :
       {Case{ErrorCode::invalid, 400, "invalid"}, Case{ErrorCode::not_found, 404, "not_found"},
        Case{ErrorCode::conflict, 409, "conflict"}, Case{ErrorCode::taken, 409, "taken"},
        Case{ErrorCode::unavailable, 503, "unavailable"}, Case{ErrorCode::corrupt, 500, "store"},
        Case{ErrorCode::io, 500, "store"}, Case{ErrorCode::internal, 500, "store"}}) {
    auto r = failure_response(make_error(c.code, "spar.db: session abc: what happened"), "store");
    EXPECT_EQ(r.status, c.status) << error_code_name(c.code);
    EXPECT_EQ(body(r)["error"]["code"], c.json_code) << error_code_name(c.code);
    EXPECT_EQ(body(r)["error"]["message"], "spar.db: session abc: what happened");
  }
}

TEST(ApiErrors, UnavailableSaysWhenToRetry) {
  auto r = failure_response(make_error(ErrorCode::unavailable, "database is locked"), "store");
  ASSERT_EQ(r.status, 503);
  bool retry_after = false;
  for (const auto& [k, v] : r.headers)
    retry_after = retry_after || (k == "Retry-After" && v == "1");
  EXPECT_TRUE(retry_after);
}

// A message that happens to contain "taken" or "version conflict" no longer
// decides the status; only the code does.
TEST(ApiErrors, MessageTextDoesNotDecideTheStatus) {
  EXPECT_EQ(
      failure_response(make_error(ErrorCode::io, "the name 'taken' is taken"), "store").status,
      500);
  EXPECT_EQ(failure_response(make_error(ErrorCode::corrupt, "version conflict"), "store").status,
            500);
}

}  // namespace
}  // namespace spar::server
