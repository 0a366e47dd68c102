# The two commands a new user needs: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
# Let ccache share objects between clones of the repo (paths relative to here).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all setup build test run lint format bench clean

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/build.ninja: CMakeLists.txt | setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

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
	rm -rf $(BUILD)
