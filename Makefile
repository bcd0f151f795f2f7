# Canonical PGXS build of pg_steward: make && make install; make installcheck; see also the
# unit, prove and bench targets. CMakeLists.txt builds the same sources for development.

EXTENSION  = pg_steward
EXTVERSION = 0.1.0
MODULE_big = pg_steward

# Every C++ file under src/ is part of the library (unit tests live under test/unit/).
SOURCES = $(sort $(wildcard src/*.cpp src/*/*.cpp))
OBJS    = $(SOURCES:.cpp=.o)

# The install script is assembled from one SQL file per capability, in this order.
SQL_PARTS  = src/steward.sql src/health/health.sql src/classify/classify.sql src/audit/audit.sql \
             src/advisor/advisor.sql src/worker/worker.sql src/health/history.sql \
             src/integrity/integrity.sql src/backup/backup.sql \
             src/retention/retention.sql
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql
EXTRA_CLEAN = $(DATA_built) $(OBJS:.o=.d) results/ regression.diffs regression.out build/

REGRESS      = health_output health_thresholds
REGRESS_OPTS = --inputdir=test --load-extension=$(EXTENSION)

# PostgreSQL's headers are system headers to us: -Werror applies to our code only.
PG_CPPFLAGS = -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror
# Header dependencies: each object is rebuilt when a header it includes changes.
PG_CXXFLAGS += -MMD -MP
SHLIB_LINK  = -lstdc++ -lssl -lcrypto -lphonenumber -lre2

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
# C++ has nothing for the JIT to inline; do not build LLVM bitcode.
override with_llvm = no
include $(PGXS)

-include $(OBJS:.o=.d)

sql/$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS)
	@mkdir -p sql
	cat $(SQL_PARTS) > $@

.PHONY: unit prove bench
# GoogleTest unit tests of the pure C++ code (through CMake and ctest).
unit:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build --target steward_unit_tests -j2
	ctest --test-dir build --output-on-failure

# pgTAP suites against the server named by PGHOST/PGPORT/PGUSER/PGDATABASE.
prove:
	pg_prove --ext .sql -r test/pgtap

bench:
	tools/bench
