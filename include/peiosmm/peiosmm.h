/* SPDX-License-Identifier: MIT */
/*
 * peiosmm/peiosmm.h - umbrella header: include this one.
 */
#ifndef PEIOSMM_H
#define PEIOSMM_H

#include "version.h"
#include "sim.h"
#include "task.h"
#include "proc.h"
#include "vm.h"
#include "fs.h"
#include "ipc.h"
#include "swap.h"

#endif /* PEIOSMM_H */
