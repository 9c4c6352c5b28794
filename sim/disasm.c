/* SPDX-License-Identifier: MIT */
/* A64 disassembly through capstone (CS_ARCH_ARM64), opened once on first use. */
#include "sim/disasm.h"

#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

static csh handle;
static enum { CS_UNOPENED, CS_OPEN, CS_FAILED } handle_state;

static bool open_capstone(void)
{
    if (handle_state == CS_UNOPENED)
        handle_state = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &handle) == CS_ERR_OK ? CS_OPEN : CS_FAILED;
    return handle_state == CS_OPEN;
}

/* Decode one word; the caller frees the result with cs_free(insn, 1). */
static cs_insn *decode(uint32_t word, uint64_t pc)
{
    if (!open_capstone())
        return NULL;
    uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    cs_insn *insn = NULL;
    if (cs_disasm(handle, bytes, sizeof(bytes), pc, 1, &insn) != 1)
        return NULL;
    return insn;
}

const char *disasm_a64(uint32_t word, uint64_t pc, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    if (!open_capstone()) {
        snprintf(buf, len, "<no disassembler>");
        return buf;
    }
    cs_insn *insn = decode(word, pc);
    if (!insn) {
        snprintf(buf, len, ".inst 0x%08x", word);
        return buf;
    }
    if (insn->op_str[0])
        snprintf(buf, len, "%s %s", insn->mnemonic, insn->op_str);
    else
        snprintf(buf, len, "%s", insn->mnemonic);
    cs_free(insn, 1);
    return buf;
}

bool disasm_mnemonic(uint32_t word, char *buf, size_t len)
{
    if (len > 0)
        buf[0] = '\0';
    cs_insn *insn = decode(word, 0);
    if (!insn)
        return false;
    if (len > 0)
        snprintf(buf, len, "%s", insn->mnemonic);
    cs_free(insn, 1);
    return true;
}
