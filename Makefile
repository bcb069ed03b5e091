# The 12345 intake gateway. Run as root on a fresh Debian machine: `make run` or `make test`.
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
export PATH := /opt/swift/usr/bin:$(PATH)

# Debian packages: C libraries the build links, and the servers/tools tests and benchmarks use.
BUILD_PACKAGES := pkg-config libcurl4-openssl-dev libpq-dev libsqlite3-dev libssl-dev libmicrohttpd-dev
TEST_PACKAGES := postgresql dovecot-imapd python3 curl systemd chromium chromium-driver fonts-noto-cjk
BENCH_PACKAGES := wrk nginx-light
SCHEMATHESIS_VERSION := 4.32.5
PROMETHEUS_CLIENT_VERSION := 0.21.1

.PHONY: all deps test-deps bench-deps build release run test demo bench docs clean install fuzz

all: build

# Installs only what is missing (dpkg -s), so a second run is quick and needs no network.
define ensure_packages
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root (or install:$$missing)"; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call ensure_packages,$(BUILD_PACKAGES))
	@test -x "$(SWIFT)" || { echo "Swift 6 toolchain not found (expected /opt/swift)"; exit 1; }

test-deps: deps
	$(call ensure_packages,$(TEST_PACKAGES))
	@python3 -c 'import yaml, openapi_spec_validator' 2>/dev/null || python3 -m pip install -q pyyaml openapi-spec-validator
	@# The contract test (Tests/Scripts/check_served_contract.py): schemathesis and the Prometheus text parser, pinned.
	@python3 -c 'import schemathesis, prometheus_client, sys; sys.exit(schemathesis.__version__ != "$(SCHEMATHESIS_VERSION)")' 2>/dev/null \
		|| python3 -m pip install -q schemathesis==$(SCHEMATHESIS_VERSION) prometheus_client==$(PROMETHEUS_CLIENT_VERSION)
	@# Browser tests of the pages (test tooling only): Selenium and the axe-core copy bundled in axe-selenium-python.
	@python3 -c 'import selenium, axe_selenium_python' 2>/dev/null || python3 -m pip install -q selenium axe-selenium-python

bench-deps: deps
	$(call ensure_packages,$(BENCH_PACKAGES))

build: deps
	$(SWIFT) build

# The Swift runtime is linked in (--static-swift-stdlib), so the binary needs only the Debian C libraries at run time;
# the git commit is handed to `--version` as a C macro (Sources/CBuildInfo).
GIT_COMMIT := $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product intake-gateway -Xcc -DINTAKE_GIT_COMMIT='"$(GIT_COMMIT)"'

# make install [PREFIX=/usr/local] [SYSCONFDIR=/etc] [DESTDIR=] [INSTALL_BINARY=path, to skip the release build]:
# the binary, a hardened systemd unit, the service user (sysusers.d), an example environment file with every option.
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
INSTALL_BINARY ?=
install: $(if $(INSTALL_BINARY),,release)
	PREFIX=$(PREFIX) SYSCONFDIR=$(SYSCONFDIR) DESTDIR=$(DESTDIR) bash scripts/install.sh $(or $(INSTALL_BINARY),.build/release/intake-gateway)

# Serves on INTAKE_LISTEN (default 127.0.0.1:8080) with the embedded SQLite store (INTAKE_DATABASE, default var/intake.sqlite).
run: release
	./.build/release/intake-gateway serve

# Starts PostgreSQL and Dovecot on loopback, runs every test, stops them whatever the outcome.
test: test-deps
	@bash scripts/run-tests.sh

demo: build
	./.build/debug/intake-gateway demo

bench: bench-deps release
	@bash scripts/bench.sh

# libFuzzer on every decoder (Tests/Fuzz), one target after another: FUZZ_SECONDS per target (default 15),
# FUZZ_RUNS, FUZZ_TARGETS; see scripts/fuzz.sh. Not part of `make test`.
fuzz: deps
	@bash scripts/fuzz.sh

# README's configuration table, regenerated from the code.
docs: build
	bash scripts/update-readme.sh

clean:
	rm -rf .build var
