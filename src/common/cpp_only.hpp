// Included first by every pure C++ source file: fails the build if PostgreSQL headers were seen,
// so pure code stays unit-testable without a server.
#pragma once

#if defined(POSTGRES_H) || defined(C_H)
#error "pure C++ file includes PostgreSQL headers; move the PostgreSQL call into src/pg/"
#endif
