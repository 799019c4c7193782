// SPDX-License-Identifier: MIT
/*
 * sd.c - security descriptors and AccessCheck: owner, group, a DACL of
 * ALLOW/DENY ACEs and an optional SACL mandatory label; the generic
 * mappings of the object types the simulator has (processes, registry
 * keys); the default process SD of KACS v0.22 and the default key SD; SDs
 * built from a caller's list of ACEs (a file's DACL, kacs_set_sd() on a
 * process or file); and the access check with mandatory integrity control
 * (spec 00 §6).
 *
 * The DACL walk is Windows's: ACEs are read in order, and each right is
 * decided by the first ACE that names it for one of the token's SIDs, so a
 * DENY placed after an ALLOW of the same right does not take it back.  An
 * empty DACL grants nothing; a NULL DACL grants everything.  MIC then
 * removes what a lower-integrity caller may not have, whatever the DACL
 * said.  Owners get no implicit rights: spec 00 grants a process's own user
 * WRITE_DAC through the default DACL, not through ownership.
 */
#include <errno.h>
#include <string.h>

#include "bug.h"
#include "sec/sec.h"

/* spec 00 §6: GENERIC_READ/WRITE/EXECUTE/ALL for processes. */
const struct sec_generic_mapping sec_process_mapping = {
	.read = PROCESS_QUERY_INFORMATION | PROCESS_VM_READ | READ_CONTROL,
	.write = PROCESS_SET_INFORMATION | PROCESS_VM_WRITE | WRITE_DAC,
	.execute = PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME |
		   PROCESS_QUERY_LIMITED,
	.all = PROCESS_ALL_ACCESS,
};

/* Windows's registry-key mapping. */
const struct sec_generic_mapping sec_key_mapping = {
	.read = KEY_READ,
	.write = KEY_WRITE,
	.execute = KEY_READ,
	.all = KEY_ALL_ACCESS,
};

/* Windows's file mapping (FILE_GENERIC_*). */
const struct sec_generic_mapping sec_file_mapping = {
	.read = FILE_GENERIC_READ,
	.write = FILE_GENERIC_WRITE,
	.execute = FILE_GENERIC_EXECUTE,
	.all = FILE_ALL_ACCESS,
};

/* KACS v0.22 generic mapping of SysV IPC objects (spec 03 §8b). */
const struct sec_generic_mapping sec_ipc_mapping = {
	.read = IPC_READ_DATA | IPC_READ_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE,
	.write = IPC_WRITE_DATA | IPC_WRITE_ATTRIBUTES | WRITE_DAC | SYNCHRONIZE,
	.execute = IPC_READ_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE,
	.all = IPC_ALL_ACCESS,
};

uint32_t sd_map_generic(const struct sec_generic_mapping *map, uint32_t mask)
{
	uint32_t m = mask & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE |
			      GENERIC_ALL | MAXIMUM_ALLOWED);

	if (mask & GENERIC_READ)
		m |= map->read;
	if (mask & GENERIC_WRITE)
		m |= map->write;
	if (mask & GENERIC_EXECUTE)
		m |= map->execute;
	if (mask & GENERIC_ALL)
		m |= map->all;
	return m;
}

/* ---- construction -------------------------------------------------------- */

int sd_create(struct pmm_allocator *a,
	      const struct sec_generic_mapping *mapping,
	      const struct sid *owner, const struct sid *group, struct sd **out)
{
	struct sd *sd = pmm_zalloc(a, sizeof(*sd));

	if (!sd)
		return -ENOMEM;
	sd->alloc = a;
	sd->mapping = mapping;
	sd->owner = *owner;
	sd->group = *group;
	sd->dacl_present = true;
	*out = sd;
	return 0;
}

void sd_free(struct sd *sd)
{
	if (!sd)
		return;
	pmm_free(sd->alloc, sd->aces, sd->cap_aces * sizeof(*sd->aces));
	pmm_free(sd->alloc, sd, sizeof(*sd));
}

int sd_insert_ace(struct sd *sd, unsigned int pos, unsigned int type,
		  const struct sid *sid, uint32_t mask)
{
	struct sec_ace *aces;

	if ((type != SEC_ACE_ALLOW && type != SEC_ACE_DENY) ||
	    pos > sd->nr_aces)
		return -EINVAL;
	if (sd->nr_aces == sd->cap_aces) {
		unsigned int cap = sd->cap_aces ? 2 * sd->cap_aces : 4;

		aces = pmm_realloc(sd->alloc, sd->aces,
				   sd->cap_aces * sizeof(*aces),
				   cap * sizeof(*aces));
		if (!aces)
			return -ENOMEM;
		sd->aces = aces;
		sd->cap_aces = cap;
	}
	memmove(&sd->aces[pos + 1], &sd->aces[pos],
		(sd->nr_aces - pos) * sizeof(*sd->aces));
	memset(&sd->aces[pos], 0, sizeof(sd->aces[pos]));
	sd->aces[pos].type = (uint8_t)type;
	sd->aces[pos].mask = mask;
	sd->aces[pos].sid = *sid;
	sd->nr_aces++;
	sd->dacl_present = true;
	return 0;
}

int sd_add_ace(struct sd *sd, unsigned int type, const struct sid *sid,
	       uint32_t mask)
{
	return sd_insert_ace(sd, sd->nr_aces, type, sid, mask);
}

void sd_set_dacl_empty(struct sd *sd)
{
	sd->nr_aces = 0;
	sd->dacl_present = true;
}

void sd_set_dacl_null(struct sd *sd)
{
	sd->nr_aces = 0;
	sd->dacl_present = false;
}

void sd_set_label(struct sd *sd, uint32_t il, uint32_t policy)
{
	sd->has_label = true;
	sd->label_il = il;
	sd->label_policy = policy;
}

void sd_clear_label(struct sd *sd)
{
	sd->has_label = false;
	sd->label_il = 0;
	sd->label_policy = 0;
}

int sd_dup(const struct sd *sd, struct sd **out)
{
	struct sd *copy = pmm_alloc(sd->alloc, sizeof(*copy));

	if (!copy)
		return -ENOMEM;
	*copy = *sd;
	copy->aces = NULL;
	copy->cap_aces = 0;
	if (sd->nr_aces) {
		copy->aces = pmm_alloc(sd->alloc,
				       sd->nr_aces * sizeof(*copy->aces));
		if (!copy->aces) {
			pmm_free(sd->alloc, copy, sizeof(*copy));
			return -ENOMEM;
		}
		memcpy(copy->aces, sd->aces, sd->nr_aces * sizeof(*copy->aces));
		copy->cap_aces = sd->nr_aces;
	}
	*out = copy;
	return 0;
}

/* The public names (peiosmm/task.h, fs.h) are the same bits. */
_Static_assert(PMM_PROCESS_ALL_ACCESS == PROCESS_ALL_ACCESS &&
	       PMM_PROCESS_VM_READ == PROCESS_VM_READ &&
	       PMM_PROCESS_QUERY_LIMITED == PROCESS_QUERY_LIMITED &&
	       PMM_WRITE_DAC == WRITE_DAC && PMM_READ_CONTROL == READ_CONTROL &&
	       PMM_GENERIC_ALL == GENERIC_ALL && PMM_GENERIC_READ == GENERIC_READ &&
	       PMM_ACE_ALLOW == SEC_ACE_ALLOW && PMM_ACE_DENY == SEC_ACE_DENY,
	       "public and internal access rights differ");

/* One caller-given entry: its type, its rights within @valid, its SID. */
static int ace_check(const struct pmm_ace *ace, uint32_t valid,
		     struct sid *sid)
{
	if (ace->type != PMM_ACE_ALLOW && ace->type != PMM_ACE_DENY)
		return -EINVAL;
	if (ace->mask & ~valid)
		return -EINVAL;
	return sid_from_name(ace->principal, sid);
}

int sd_create_from_aces(struct pmm_allocator *a,
			const struct sec_generic_mapping *mapping,
			uint32_t valid, const struct sid *owner,
			const struct sid *group, const struct pmm_ace *aces,
			unsigned int nr, struct sd **out)
{
	struct sid sid;
	struct sd *sd;
	int err;

	if (nr > SD_MAX_ACES || (nr && !aces))
		return -EINVAL;
	for (unsigned int i = 0; i < nr; i++) {
		err = ace_check(&aces[i], valid, &sid);
		if (err)
			return err;
	}
	err = sd_create(a, mapping, owner, group, &sd);
	if (err)
		return err;
	for (unsigned int i = 0; i < nr && !err; i++) {
		err = ace_check(&aces[i], valid, &sid);
		if (PMM_NEVER(err))
			break;
		err = sd_add_ace(sd, aces[i].type == PMM_ACE_ALLOW ?
				 SEC_ACE_ALLOW : SEC_ACE_DENY, &sid,
				 aces[i].mask);
	}
	if (err)
		goto out_free_sd;
	*out = sd;
	return 0;
out_free_sd:
	sd_free(sd);
	return err;
}

int sd_replace_dacl(const struct sd *old, uint32_t valid,
		    const struct pmm_ace *aces, unsigned int nr,
		    struct sd **out)
{
	struct sd *sd;
	int err;

	err = sd_create_from_aces(old->alloc, old->mapping, valid, &old->owner,
				  &old->group, aces, nr, &sd);
	if (err)
		return err;
	if (old->has_label)
		sd_set_label(sd, old->label_il, old->label_policy);
	*out = sd;
	return 0;
}

/*
 * The default process SD (spec 00 §6, KACS v0.22 §5.3; conflict 4: the
 * v0.22 label; conflict 6: a new SD at fork, not a copy of the parent's).
 */
int sd_create_process_default(struct pmm_allocator *a,
			      const struct pmm_token *creator,
			      const struct pmm_token *proc, struct sd **out)
{
	struct sid admins, system, everyone;
	struct sd *sd;
	int err;

	err = sd_create(a, &sec_process_mapping, &creator->user,
			&creator->primary_group, &sd);
	if (err)
		return err;
	sid_administrators(&admins);
	sid_system(&system);
	sid_everyone(&everyone);
	err = sd_add_ace(sd, SEC_ACE_ALLOW, &proc->user, GENERIC_ALL);
	if (!err)
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &admins, GENERIC_ALL);
	if (!err)
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &system, GENERIC_ALL);
	if (!err)
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &everyone,
				 PROCESS_QUERY_LIMITED);
	if (err)
		goto out_free_sd;
	sd_set_label(sd, proc->integrity, SEC_POLICY_NO_WRITE_UP);
	*out = sd;
	return 0;
out_free_sd:
	sd_free(sd);
	return err;
}

int sd_create_key_default(struct pmm_allocator *a, struct sd **out)
{
	struct sid system, admins;
	struct sd *sd;
	int err;

	sid_system(&system);
	sid_administrators(&admins);
	err = sd_create(a, &sec_key_mapping, &system, &system, &sd);
	if (err)
		return err;
	err = sd_add_ace(sd, SEC_ACE_ALLOW, &system, KEY_ALL_ACCESS);
	if (!err)
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &admins, KEY_ALL_ACCESS);
	if (err) {
		sd_free(sd);
		return err;
	}
	*out = sd;
	return 0;
}

int sd_create_file_default(struct pmm_allocator *a, const struct sid *owner,
			   bool world_read, struct sd **out)
{
	struct sid system, admins, everyone;
	struct sd *sd;
	int err;

	sid_system(&system);
	sid_administrators(&admins);
	sid_everyone(&everyone);
	err = sd_create(a, &sec_file_mapping, owner, &system, &sd);
	if (err)
		return err;
	err = sd_add_ace(sd, SEC_ACE_ALLOW, owner, FILE_ALL_ACCESS);
	if (!err && !sid_eq(owner, &system))
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &system, FILE_ALL_ACCESS);
	if (!err)
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &admins, FILE_ALL_ACCESS);
	if (!err && world_read)
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &everyone,
				 FILE_GENERIC_READ | FILE_GENERIC_EXECUTE);
	if (err) {
		sd_free(sd);
		return err;
	}
	*out = sd;
	return 0;
}

/* ---- AccessCheck --------------------------------------------------------- */

/* What MIC lets a lower-integrity caller have (spec 00 §6). */
static uint32_t mic_allowed(const struct sd *sd, const struct pmm_token *tok)
{
	const struct sec_generic_mapping *map = sd->mapping;
	uint32_t allowed = ~0u;

	if (!(tok->mandatory_policy & SEC_POLICY_NO_WRITE_UP) ||
	    !sd->has_label || tok->integrity >= sd->label_il)
		return allowed;
	if (sd->label_policy & SEC_POLICY_NO_WRITE_UP)
		allowed = map->read | map->execute | READ_CONTROL | SYNCHRONIZE;
	if (sd->label_policy & SEC_LABEL_NO_READ_UP)
		allowed &= ~(map->read & ~(READ_CONTROL | SYNCHRONIZE));
	if (sd->label_policy & SEC_LABEL_NO_EXECUTE_UP)
		allowed &= ~(map->execute & ~(READ_CONTROL | SYNCHRONIZE));
	return allowed;
}

uint32_t sd_max_allowed(const struct sd *sd, const struct pmm_token *tok,
			bool mic)
{
	uint32_t granted = 0, denied = 0;

	if (!sd || !tok)
		return 0;
	if (!sd->dacl_present) {
		granted = sd->mapping->all;
	} else {
		for (unsigned int i = 0; i < sd->nr_aces; i++) {
			const struct sec_ace *ace = &sd->aces[i];
			uint32_t m;

			if (!token_is_member(tok, &ace->sid))
				continue;
			m = sd_map_generic(sd->mapping, ace->mask);
			if (ace->type == SEC_ACE_DENY)
				denied |= m & ~granted;
			else
				granted |= m & ~denied;
		}
	}
	if (mic)
		granted &= mic_allowed(sd, tok);
	return granted;
}

bool sd_access_check(const struct sd *sd, const struct pmm_token *tok,
		     uint32_t desired, bool mic)
{
	uint32_t want;

	if (!sd || !tok)
		return false;
	want = sd_map_generic(sd->mapping, desired);
	if (!want)
		return true;
	return (want & ~sd_max_allowed(sd, tok, mic)) == 0;
}
