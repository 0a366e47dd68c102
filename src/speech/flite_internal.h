// Internal: flite's global state. flite_init() and voice registration are
// process-wide and flite's synthesis and lexicon lookups are not thread-safe,
// so every use goes through flite_lock().
#pragma once

#include <mutex>

namespace spar::speech::detail {

// Initialises flite on first use and returns the lock that serialises it.
std::unique_lock<std::mutex> flite_lock();

}  // namespace spar::speech::detail
