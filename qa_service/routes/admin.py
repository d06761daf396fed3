"""Admin: upload and delete documents (each starts a background re-index job) and report on jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from qa_service.admin.jobs import Job
from qa_service.admin.service import AdminService
from qa_service.admin.uploads import parse_metadata
from qa_service.deps import SettingsDep
from qa_service.errors import QAError, UnknownJob, UploadTooLarge
from qa_service.schemas import ErrorResponse, JobList, JobResponse
from qa_service.security.scopes import SCOPED_ERRORS, require_scope

router = APIRouter(
    prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_scope("admin"))], responses=SCOPED_ERRORS
)
_ERR = {"model": ErrorResponse}


async def get_admin(request: Request) -> AdminService:
    return request.app.state.admin  # type: ignore[no-any-return]


AdminDep = Annotated[AdminService, Depends(get_admin)]


def job_response(admin: AdminService, job: Job) -> JobResponse:
    return JobResponse(**admin.runner.describe(job))


@router.post(
    "/documents",
    status_code=202,
    response_model=JobResponse,
    responses={409: _ERR, 413: _ERR, 415: _ERR, 422: _ERR, 503: _ERR},
    summary="Upload a submission (PDF, DOCX, TXT, MD, HTML); re-indexes in the background",
)
async def upload_document(
    admin: AdminDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="The submission; its type is read from its bytes")],
    metadata: Annotated[
        str | None,
        Form(description='JSON object of metadata fields, e.g. {"entity": "UNDP", "year": 2021}'),
    ] = None,
) -> JobResponse:
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise UploadTooLarge(f"the file is larger than {settings.max_upload_bytes} bytes")
    if not data.strip():
        raise QAError("the file is empty", code="empty_file", status_code=422)
    meta = parse_metadata(metadata)
    job = await run_in_threadpool(admin.accept_upload, file.filename, data, meta)
    return job_response(admin, job)


@router.delete(
    "/documents/{doc_id}",
    status_code=202,
    response_model=JobResponse,
    responses={404: _ERR},
    summary="Remove a document from the corpus; re-indexes in the background",
)
async def delete_document(admin: AdminDep, doc_id: str) -> JobResponse:
    job = await run_in_threadpool(admin.accept_delete, doc_id)
    return job_response(admin, job)


@router.get("/jobs/{job_id}", response_model=JobResponse, responses={404: _ERR}, summary="One job's status")
def get_job(admin: AdminDep, job_id: str) -> JobResponse:
    job = admin.runner.store.load(job_id)
    if job is None:
        raise UnknownJob(f"no job with id '{job_id}'")
    return job_response(admin, job)


@router.get("/jobs", response_model=JobList, summary="Recent jobs, newest first")
def list_jobs(admin: AdminDep) -> JobList:
    return JobList(jobs=[job_response(admin, j) for j in admin.runner.store.all()[:50]])
