# The two commands a new user needs: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
# Let ccache share objects between clones of the repo (paths relative to here).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

# Sanitizer and fuzzing builds use Debian's clang in their own directories;
# the normal build stays GCC.
SAN_BUILD ?= build-san
TSAN_BUILD ?= build-tsan
# `make fuzz`: seconds each fuzz target runs (inputs found are kept in
# $(SAN_BUILD)/fuzz-work, so runs build on each other).
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := http voice wav bank grade

.PHONY: all setup build test run lint format bench clean fuzz-build fuzz test-fuzz test-asan test-tsan

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/build.ninja: CMakeLists.txt | setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# A few seconds of each fuzzer (ASan + UBSan) from its seed corpus in
# fuzz/corpus/, as CTest tests (label fuzz).
test-fuzz: fuzz-build
	cd $(SAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L fuzz

# ASan + UBSan (clang), with the libFuzzer targets: also the fuzzing build.
$(SAN_BUILD)/build.ninja: CMakeLists.txt | setup
	CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSPAR_SANITIZE=address,undefined -DSPAR_FUZZ=ON -DSPAR_BENCH=OFF

fuzz-build: setup $(SAN_BUILD)/build.ninja
	cmake --build $(SAN_BUILD) --target fuzz -j $(JOBS)

# Each fuzz target for FUZZ_SECONDS; stops at the first crash (saved in
# $(SAN_BUILD)/fuzz-work/crashes/).
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  bash fuzz/run.sh $(SAN_BUILD)/fuzz/fuzz_$$t $$t $(FUZZ_SECONDS) $(SAN_BUILD)/fuzz-work || exit 1; \
	done

# The whole test suite under ASan + UBSan, browser tests excepted (Chromium
# is not instrumented; the server they drive is covered by the server tests).
test-asan: setup $(SAN_BUILD)/build.ninja
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 \
	  ctest --output-on-failure -j $(JOBS) -LE fuzz -E '^BrowserE2E'

# The server and voice tests under TSan (clang).
$(TSAN_BUILD)/build.ninja: CMakeLists.txt | setup
	CC=clang CXX=clang++ cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSPAR_SANITIZE=thread -DSPAR_BENCH=OFF

test-tsan: setup $(TSAN_BUILD)/build.ninja
	cmake --build $(TSAN_BUILD) --target server_test voice_test -j $(JOBS)
	cd $(TSAN_BUILD) && ctest --output-on-failure -j $(JOBS) -R '^(Server|Voice)'

# The main job: the web app on http://127.0.0.1:8080/ (spar serve prints the
# URL; Ctrl-C stops it). `spar interview` is still the terminal version.
run: build
	@$(BUILD)/spar serve

lint: build
	$(BUILD)/spar bank lint bank

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

bench: build
	bash bench/run.sh

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(TSAN_BUILD)
