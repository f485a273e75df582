# The project's commands. `make test` and `make demo` do all their own set-up on a fresh machine.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

MVN := mvn -B --no-transfer-progress -Dstyle.color=never -f java-agent/pom.xml
BATS := test/node_modules/bats/bin/bats
JAR := lib/jvm-metrics-agent.jar
# The native bootstrap (java-agent/agent/src/main/c/bootstrap.c), built beside the jar.
BOOTSTRAP := lib/libjvmmetrics-x86_64.so
CACHE := .cache
# JDKs 8, 11 and 21 from Debian packages, unpacked by test/support/fetch-jdk.sh for the GC matrix
# (the machine's JDK 17 and Temurin 25 are the other two).
JDK8_HOME := $(CURDIR)/$(CACHE)/jdk8/root/usr/lib/jvm/java-8-openjdk-amd64
JDK11_HOME := $(CURDIR)/$(CACHE)/jdk11/root/usr/lib/jvm/java-11-openjdk-amd64
JDK21_HOME := $(CURDIR)/$(CACHE)/jdk21/root/usr/lib/jvm/java-21-openjdk-amd64

# The local metrics preview (java-agent/preview): a runnable jar, never part of the agent or lib/.
PREVIEW_JAR := java-agent/preview/target/jvm-metrics-preview.jar
PREVIEW_SOURCES := java-agent/pom.xml java-agent/preview/pom.xml $(shell find java-agent/preview/src/main -type f 2>/dev/null)
PREVIEW_PORT ?= 0
PREVIEW_PERIOD ?= 5s
DEMO_SECONDS ?= 60

.PHONY: test demo preview preview-jar browser chromium deps node-deps tools jdks victoria-metrics java check-jar bats lint format bench soak clean

## test: install what the suites need, build the agent, check lib/ is reproducible, run every suite
test: deps java check-jar bats browser lint
	@echo "make test: all suites passed"

## demo: a formation (web.1-web.3 under HTTP load, worker.1), each built through bin/compile and
## run as a dyno, reporting to the local metrics preview; ends after DEMO_SECONDS (default 60)
demo: $(PREVIEW_JAR)
	DEMO_SECONDS=$(DEMO_SECONDS) PREVIEW_PORT=$(PREVIEW_PORT) test/support/demo.sh

## preview: only the local metrics preview (the page and the per-dyno endpoint), until Ctrl-C;
## PREVIEW_PORT (default 0: a free port) and PREVIEW_PERIOD (default 5s) change it
preview: $(PREVIEW_JAR)
	java -jar $(PREVIEW_JAR) --port $(PREVIEW_PORT) --period $(PREVIEW_PERIOD)

preview-jar: $(PREVIEW_JAR)

$(PREVIEW_JAR): $(PREVIEW_SOURCES)
	$(MVN) -q -pl preview package -DskipTests

## browser: the preview in headless Chromium, fed by real JVMs with the agent (test/browser/)
browser: node-deps chromium $(PREVIEW_JAR)
	node --test test/browser/

# Debian's Chromium for the browser test (playwright-core drives it; no browser is downloaded).
chromium:
	test/support/ensure-apt.sh /usr/bin/chromium=chromium

deps: node-deps tools

node-deps: test/node_modules/.installed

test/node_modules/.installed: test/package.json test/package-lock.json
	npm ci --prefix test --no-audit --no-fund --loglevel=error
	touch $@

# Debian's shellcheck and shfmt, installed with apt where missing.
tools:
	test/support/ensure-apt.sh shellcheck shfmt

# Builds the agent and the native bootstrap (which rewrites lib/), runs the unit and integration
# tests, and remembers the jar and bootstrap that were there before so check-jar can tell whether
# the committed ones were stale. The GC matrix and the bootstrap's tests also run on JDKs 8, 11 and
# 21, fetched first.
java: jdks
	mkdir -p $(CACHE)
	cp $(JAR) $(CACHE)/committed-agent.jar
	cp $(BOOTSTRAP) $(CACHE)/committed-bootstrap.so
	$(MVN) verify -Djdk8.home=$(JDK8_HOME) -Djdk11.home=$(JDK11_HOME) -Djdk21.home=$(JDK21_HOME)

## jdks: fetch JDK 8, 11 and 21 and VictoriaMetrics (the receiver of test/otlp-victoria-metrics.bats)
## from Debian packages into .cache/ (reused once there)
jdks:
	test/support/fetch-jdk.sh 8 $(CACHE)/jdk8 >/dev/null
	test/support/fetch-jdk.sh 11 $(CACHE)/jdk11 >/dev/null
	test/support/fetch-jdk.sh 21 $(CACHE)/jdk21 >/dev/null
	test/support/fetch-jdk.sh victoria-metrics $(CACHE)/victoria-metrics >/dev/null

# VictoriaMetrics alone, for `make bats` (test/otlp-victoria-metrics.bats sends to it).
victoria-metrics:
	test/support/fetch-jdk.sh victoria-metrics $(CACHE)/victoria-metrics >/dev/null

check-jar:
	test/support/check-jar.sh $(CACHE)/committed-agent.jar $(JAR) \
	  $(CACHE)/committed-bootstrap.so $(BOOTSTRAP)

## soak: SOAK_MINUTES (default 60) of a flapping endpoint against one JVM with the agent, checking
## that threads, sockets and heap stay flat and every count arrives once; not part of `make test`.
## The figures land in java-agent/agent/target/soak-report.txt.
SOAK_MINUTES ?= 60
soak:
	$(MVN) verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Dsoak.minutes=$(SOAK_MINUTES)

bats: node-deps victoria-metrics $(PREVIEW_JAR)
	$(BATS) --print-output-on-failure test/

## lint: shellcheck and shfmt over every shell file (google-java-format is checked in every
## module's `mvn verify`; test/format.bats proves a misformatted file fails it)
lint: tools
	test/support/lint.sh

## format: rewrite every shell file with shfmt and every Java source with google-java-format
format: tools
	test/support/lint.sh --fix
	$(MVN) -q spotless:apply

clean:
	$(MVN) clean
	rm -rf $(CACHE) test/node_modules

## bench: start-up, per-report and steady-state figures (memory, classes, CPU of an idle app), side by side (see docs/performance.md)
bench:
	test/bench/run.sh
