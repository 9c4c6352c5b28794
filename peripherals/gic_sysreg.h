/* SPDX-License-Identifier: MIT */
/* System register hooks of the GICv3 CPU interface (ICC_*, ICV_*, ICH_*), for cpu/sysreg.c. */
#ifndef TETRARCH_GIC_SYSREG_H
#define TETRARCH_GIC_SYSREG_H

#include "cpu/cpu.h"

#endif
