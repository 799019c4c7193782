/* SPDX-License-Identifier: MIT */
/*
 * peiosmm/version.h - version macros, the runtime version call and the
 * export marker every public function carries.
 */
#ifndef PEIOSMM_VERSION_H
#define PEIOSMM_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define PMM_VERSION_MAJOR 0
#define PMM_VERSION_MINOR 1
#define PMM_VERSION_PATCH 0
#define PMM_VERSION_NUMBER                                                   \
	(PMM_VERSION_MAJOR * 10000 + PMM_VERSION_MINOR * 100 + PMM_VERSION_PATCH)

#if defined(__GNUC__) || defined(__clang__)
#define PMM_API __attribute__((visibility("default")))
#else
#define PMM_API
#endif

/**
 * pmm_version() - the library's version as "MAJOR.MINOR.PATCH"
 *
 * Compare with PMM_VERSION_* to detect a header/library mismatch.
 */
PMM_API const char *pmm_version(void);

/**
 * pmm_version_number() - PMM_VERSION_NUMBER of the library that is running
 */
PMM_API int pmm_version_number(void);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_VERSION_H */
