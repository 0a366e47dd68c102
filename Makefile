# The two commands a new user needs: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)

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

run: build
	@$(BUILD)/spar bank stats

lint: build
	$(BUILD)/spar bank lint bank

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

bench: build
	bash bench/run.sh

clean:
	rm -rf $(BUILD)
