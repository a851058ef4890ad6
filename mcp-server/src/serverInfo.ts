/** What `initialize` answers with. Kept apart from server.ts so the stdio front loads nothing else. */
export const INSTRUCTIONS = `Read-only tools for OpenShift Virtualization (KubeVirt) virtual machines.
Use search_virtual_machines to find VMs, diagnose_vm_error first when a VM is failing, then
explain_vm_status, check_vm_dependencies, get_vm_events and suggest_vm_fix for details. Cite the rule
ids of the findings you rely on. Nothing is ever changed by these tools.`;
